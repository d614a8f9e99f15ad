import { FieldType, toDataFrame } from '@grafana/data';

import { alarmsToFrame } from '../../datasource/frames';
import { alarmRecord } from '../../test/fakeService';
import { alarmsFromFrames, pendingAnswers, withAnswers } from './alarmRows';

describe('alarm rows', () => {
  it("reads a frame of TwinMaker's alarm fields that carries no records (another data source's Get Alarms)", () => {
    const frame = toDataFrame({
      fields: [
        { name: 'alarmName', type: FieldType.string, values: ['Overheat', 'Bad'] },
        { name: 'alarmId', type: FieldType.string, values: ['k1', 'k2'] },
        { name: 'entityId', type: FieldType.string, values: ['Mixer_0', 'Mixer_1'] },
        { name: 'entityName', type: FieldType.string, values: ['Mixer 0', 'Mixer 1'] },
        { name: 'alarmStatus', type: FieldType.string, values: ['ACTIVE', 'NOT_A_STATE'] },
        { name: 'Time', type: FieldType.time, values: [Date.parse('2021-11-05T00:10:00Z'), null] },
      ],
    });
    const { alarms, found } = alarmsFromFrames([frame]);
    expect(found).toBe(true);
    expect(alarms).toEqual([
      expect.objectContaining({
        entityId: 'Mixer_0',
        componentName: 'Overheat',
        alarmKey: 'k1',
        status: 'ACTIVE',
        since: '2021-11-05T00:10:00.000Z',
        severity: null,
      }),
    ]);
    expect(alarmsFromFrames([toDataFrame({ fields: [{ name: 'x', values: [1] }] })]).found).toBe(false);
  });

  it('merges the frames of several queries, each alarm once', () => {
    const a = alarmRecord('Mixer_0', 'Overheat');
    const b = alarmRecord('Mixer_1', 'Overheat');
    const { alarms } = alarmsFromFrames([alarmsToFrame([a, b]), alarmsToFrame([{ ...b, status: 'NORMAL' }])]);
    expect(alarms.map((x) => `${x.entityId} ${x.status}`)).toEqual(['Mixer_0 ACTIVE', 'Mixer_1 ACTIVE']);
  });

  it("an action's answer shows until the data has caught up with it or no longer lists the alarm", () => {
    const old = alarmRecord('Mixer_0', 'Overheat', { since: '2021-11-05T00:10:00.000Z' });
    const answer = { ...old, status: 'ACKNOWLEDGED' as const, since: '2021-11-05T00:20:00.000Z' };
    const answers = new Map([['Mixer_0\u0000Overheat', answer]]);
    expect(withAnswers([old], answers)[0]!.status).toBe('ACKNOWLEDGED');
    expect(pendingAnswers([old], answers).size).toBe(1);
    expect(pendingAnswers([{ ...answer }], answers).size).toBe(0);
    expect(pendingAnswers([], answers).size).toBe(0);
  });

  it('keeps a threshold edit until data with that rule arrives, even data of the same transition', () => {
    const old = alarmRecord('Mixer_0', 'Overheat', { since: '2021-11-05T00:10:00.000Z' });
    const threshold = { ...old.threshold!, threshold: 300 };
    const answer = { ...old, threshold };
    const answers = new Map([['Mixer_0\u0000Overheat', answer]]);
    expect(pendingAnswers([old], answers).size).toBe(1);
    expect(pendingAnswers([{ ...old, threshold: { ...threshold } }], answers).size).toBe(0);
    // a later transition supersedes the edit whatever rule it carries
    expect(pendingAnswers([{ ...old, since: '2021-11-05T00:30:00.000Z' }], answers).size).toBe(0);
  });
});
