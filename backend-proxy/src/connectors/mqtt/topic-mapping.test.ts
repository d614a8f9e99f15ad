import { readPayload } from './payload';
import { mapTopic, parseMappingFile } from './topic-mapping';

const file = `
workspaceId: plant
mappings:
  - topic: plant/+line/+machine/temperature
    entityId: \${machine}
    componentName: Sensors
    propertyName: temperature
    value: reading.values[1]
  - topic: site/+site/#path
    workspaceId: \${site}
    entityId: gateway
    componentName: Raw
    propertyName: \${path}
    dataType: STRING
`;

test('named wildcards become plain subscriptions and fill the templates', () => {
  const { mappings } = parseMappingFile(file, 'mapping.yaml');
  expect(mappings.map((m) => m.filter)).toEqual(['plant/+/+/temperature', 'site/+/#']);
  expect(mapTopic(mappings, 'plant/line-1/oven-3/temperature')).toMatchObject({
    workspaceId: 'plant',
    entityId: 'oven-3',
    componentName: 'Sensors',
    propertyName: 'temperature',
  });
  expect(mapTopic(mappings, 'site/north/a/b')).toMatchObject({ workspaceId: 'north', propertyName: 'a/b' });
  expect(mapTopic(mappings, 'plant/line-1/oven-3/pressure')).toBeUndefined();
  expect(mapTopic(mappings, 'plant/line-1/oven-3/temperature/extra')).toBeUndefined();
});

test('payload paths read JSON, plain payloads are the value, times are ISO or epoch ms', () => {
  const [temperature, raw] = parseMappingFile(file, 'mapping.yaml').mappings;
  expect(readPayload(temperature!, Buffer.from('{"reading":{"values":[1,2.5]}}'), 0)).toEqual({
    value: { doubleValue: 2.5 },
    time: '1970-01-01T00:00:00.000Z',
  });
  expect(readPayload(raw!, Buffer.from('open'), 1000)).toEqual({
    value: { stringValue: 'open' },
    time: '1970-01-01T00:00:01.000Z',
  });
  expect(readPayload(temperature!, Buffer.from('21.5'), 0)).toEqual({
    problem: 'the payload has no value at reading.values[1]',
  });
});

test.each([
  ['mappings: []', 'expected "mappings:"'],
  ['mappings: [{topic: a/+x, entityId: "${y}", componentName: c, propertyName: p, workspaceId: w}]', 'does not name'],
  ['mappings: [{topic: a/b+, entityId: e, componentName: c, propertyName: p, workspaceId: w}]', 'whole level'],
  ['mappings: [{topic: a/#/b, entityId: e, componentName: c, propertyName: p, workspaceId: w}]', 'may only end'],
  ['mappings: [{topic: a, entityId: e, componentName: c, propertyName: p}]', 'mappings[0].workspaceId'],
  [
    'mappings: [{topic: a, entityId: e, componentName: c, propertyName: p, workspaceId: w, dataType: FLOAT}]',
    'dataType',
  ],
])('a mapping file %j is refused naming the field', (text, says) => {
  expect(() => parseMappingFile(text, 'm.yaml')).toThrow(says);
});
