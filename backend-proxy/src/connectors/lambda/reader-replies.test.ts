import { DataType } from '../../api/common';
import { coerce, readerReply, ReplyProblem } from './reader-replies';

const types: Record<string, DataType> = {
  RPM: { type: 'DOUBLE' },
  running: { type: 'BOOLEAN' },
  count: { type: 'INTEGER' },
  alarm_status: { type: 'STRING' },
  samples: { type: 'LIST', nestedType: { type: 'DOUBLE' } },
};
const typeOf = (name: string) => types[name];

test('string-encoded scalars, as udq_utils sends them, are coerced to the property type', () => {
  expect(coerce(types.RPM!, { doubleValue: '12.5' as never })).toEqual({ doubleValue: 12.5 });
  expect(coerce(types.running!, { booleanValue: 'True' as never })).toEqual({ booleanValue: true });
  expect(coerce(types.count!, { stringValue: '7' })).toEqual({ integerValue: 7 });
  expect(coerce(types.alarm_status!, { stringValue: 'ACTIVE' })).toEqual({ stringValue: 'ACTIVE' });
  expect(coerce(types.samples!, { listValue: [{ doubleValue: '1' as never }, { doubleValue: 2 }] })).toEqual({
    listValue: [{ doubleValue: 1 }, { doubleValue: 2 }],
  });
});

test('a reply maps to canonical times and typed points, nextToken null meaning the last page', () => {
  const reply = readerReply(
    {
      propertyValues: [
        {
          entityPropertyReference: { externalIdProperty: { alarm_key: 'A1' }, propertyName: 'RPM' },
          values: [
            { time: '2022-04-07T04:04Z', value: { doubleValue: '588.168' } },
            { timestamp: 1649304282, value: { doubleValue: 1 } },
          ],
        },
      ],
      nextToken: null,
    },
    typeOf,
  );
  expect(reply.nextToken).toBeUndefined();
  expect(reply.series[0]!.reference).toEqual({ externalIdProperty: { alarm_key: 'A1' }, propertyName: 'RPM' });
  expect(reply.series[0]!.points.map((p) => p.point)).toEqual([
    '{"time":"2022-04-07T04:04:00.000Z","value":{"doubleValue":588.168}}',
    '{"time":"2022-04-07T04:04:42.000Z","value":{"doubleValue":1}}',
  ]);
});

test.each([
  [[], 'the reply is not a JSON object'],
  [{}, 'propertyValues is not an array'],
  [{ propertyValues: [], nextToken: 5 }, 'nextToken'],
  [{ propertyValues: [{ entityPropertyReference: {} }] }, 'propertyValues[0].entityPropertyReference.propertyName'],
  [{ propertyValues: [{ entityPropertyReference: { propertyName: 'other' }, values: [] }] }, 'was not selected'],
  [
    { propertyValues: [{ entityPropertyReference: { propertyName: 'RPM' }, values: [{ value: { doubleValue: 1 } }] }] },
    'propertyValues[0].values[0] has neither time nor timestamp',
  ],
  [
    {
      propertyValues: [
        {
          entityPropertyReference: { propertyName: 'RPM' },
          values: [{ time: '2022-04-07T04:04:00Z', value: { doubleValue: 'hot' } }],
        },
      ],
    },
    'propertyValues[0].values[0].value',
  ],
])('a reply that breaks the contract (%j) is a problem naming the member', (reply, says) => {
  expect(() => readerReply(reply, typeOf)).toThrow(ReplyProblem);
  expect(() => readerReply(reply, typeOf)).toThrow(says);
});
