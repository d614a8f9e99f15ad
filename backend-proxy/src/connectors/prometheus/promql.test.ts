import { ComponentResponse } from '../../api/entities';
import { fillPromql, rangeStepSeconds } from './promql';

const component = {
  componentName: 'Oven',
  componentTypeId: 'com.acme.oven',
  status: { state: 'ACTIVE' },
  properties: { assetId: { value: { stringValue: 'line "1"\\a' } }, count: { value: { integerValue: 3 } } },
} as unknown as ComponentResponse;

test('templates are filled with the entity, component and property values, escaped for label values', () => {
  expect(fillPromql('x{m="${entityId}",c="${componentName}",a="${assetId}",n="${count}"}', 'oven-1', component)).toBe(
    'x{m="oven-1",c="Oven",a="line \\"1\\"\\\\a",n="3"}',
  );
  // a template naming nothing stays, so Prometheus' error shows it
  expect(fillPromql('x{m="${nothing}"}', 'oven-1', component)).toBe('x{m="${nothing}"}');
});

test('the step: interpolation interval, else the requested resolution, else within 11,000 points', () => {
  expect(rangeStepSeconds(0, 3_600_000, 60_000)).toBe(60);
  expect(rangeStepSeconds(0, 3_600_000, undefined, 5_000)).toBe(5);
  expect(rangeStepSeconds(0, 3_600_000)).toBe(1);
  expect(rangeStepSeconds(0, 30 * 86_400_000)).toBe(236);
});
