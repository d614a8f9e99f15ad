// A small factory workspace for the browser tests, created through the service's HTTP API
// (the TwinMaker routes plus the bulk value route): a component type with time-series
// properties of each scalar type, a Factory → Line → Mixer hierarchy, an hour of values a
// minute apart, a scene, and a second workspace so pickers have a choice.
export const WORKSPACE = 'e2e-factory';
export const OTHER_WORKSPACE = 'e2e-other';
export const MIXER_TYPE = 'com.example.mixer';
export const MIXERS = ['Mixer_0', 'Mixer_1', 'Mixer_2'];
export const POINTS_PER_SERIES = 60;
/** Mixer_1's rpm is sampled every 6 s instead: more values than one page, for paging and caps. */
export const DENSE_POINTS = 500;

/** Calls the service with the bearer credential; throws with the TwinMaker error on failure. */
export function serviceClient({ url, accessKeyId, secretAccessKey }) {
  return async function call(method, path, body, contentType = 'application/json') {
    const response = await fetch(url + path, {
      method,
      headers: {
        Authorization: `Bearer ${accessKeyId}:${secretAccessKey}`,
        ...(body !== undefined ? { 'Content-Type': contentType } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!response.ok)
      throw new Error(
        `${method} ${path} → ${response.status} ${response.headers.get('x-amzn-errortype') ?? ''}: ${text}`,
      );
    return data;
  };
}

const timeSeries = (type, unitOfMeasure) => ({
  dataType: { type, ...(unitOfMeasure ? { unitOfMeasure } : {}) },
  isTimeSeries: true,
  isStoredExternally: false,
});

/** Temperature of mixer m at minute i (a readable, distinct line per mixer). */
export const temperatureAt = (m, i) => Math.round((20 + m * 5 + i * 0.1) * 10) / 10;

export async function seedWorkspace(service, { now = Date.now() } = {}) {
  const call = serviceClient(service);
  for (const [id, description] of [
    [WORKSPACE, 'Cookie factory for the browser tests'],
    [OTHER_WORKSPACE, 'A second workspace'],
  ]) {
    await call('POST', `/workspaces/${id}`, {
      description,
      s3Location: `arn:aws:s3:::${id}`,
      role: 'arn:aws:iam::123456789012:role/e2e',
    });
  }
  await call('POST', `/workspaces/${WORKSPACE}/component-types/${MIXER_TYPE}`, {
    description: 'A mixer with its sensors',
    propertyDefinitions: {
      temperature: timeSeries('DOUBLE', 'Celsius'),
      rpm: timeSeries('INTEGER', 'rpm'),
      running: timeSeries('BOOLEAN'),
      status: timeSeries('STRING'),
      serial: { dataType: { type: 'STRING' }, defaultValue: { stringValue: 'SN-000' } },
    },
    functions: { dataReader: { implementedBy: { isNative: true } } },
  });
  const entities = [
    { entityId: 'Factory', entityName: 'Factory' },
    { entityId: 'Line_1', entityName: 'Line 1', parentEntityId: 'Factory' },
    { entityId: 'Line_2', entityName: 'Line 2', parentEntityId: 'Factory' },
    ...MIXERS.map((id, m) => ({
      entityId: id,
      entityName: id.replace('_', ' '),
      parentEntityId: m < 2 ? 'Line_1' : 'Line_2',
      components: {
        Mixer: {
          componentTypeId: MIXER_TYPE,
          properties: { serial: { value: { stringValue: `SN-${100 + m}` } } },
        },
      },
    })),
  ];
  for (const entity of entities) await call('POST', `/workspaces/${WORKSPACE}/entities`, entity);

  const points = [];
  const start = Math.floor(now / 60_000) * 60_000 - (POINTS_PER_SERIES - 1) * 60_000;
  MIXERS.forEach((entityId, m) => {
    for (let i = 0; i < POINTS_PER_SERIES; i++) {
      const time = new Date(start + i * 60_000).toISOString();
      const base = { entityId, componentName: 'Mixer', time };
      points.push({ ...base, propertyName: 'temperature', value: { doubleValue: temperatureAt(m, i) } });
      if (m !== 1) points.push({ ...base, propertyName: 'rpm', value: { integerValue: 1000 + m * 100 + i } });
      points.push({ ...base, propertyName: 'running', value: { booleanValue: i % 10 !== 0 } });
      points.push({ ...base, propertyName: 'status', value: { stringValue: i % 10 === 0 ? 'IDLE' : 'RUNNING' } });
    }
  });
  const denseEnd = Math.floor(now / 6000) * 6000;
  for (let i = 0; i < DENSE_POINTS; i++) {
    const time = new Date(denseEnd - (DENSE_POINTS - 1 - i) * 6000).toISOString();
    points.push({
      entityId: 'Mixer_1',
      componentName: 'Mixer',
      propertyName: 'rpm',
      time,
      value: { integerValue: 2000 + i },
    });
  }
  await call('POST', `/doppel/workspaces/${WORKSPACE}/values:bulk`, points);
  // CreateScene needs its document in the workspace's bucket (its s3Location)
  await call('PUT', `/doppel/workspaces/${WORKSPACE}/resources/scene.json`, {
    specVersion: '1.0',
    version: '1',
    nodes: [],
    rootNodeIndexes: [],
  });
  await call('POST', `/workspaces/${WORKSPACE}/scenes`, {
    sceneId: 'FactoryScene',
    contentLocation: `s3://${WORKSPACE}/scene.json`,
    description: 'The factory floor',
  });
  return { workspaceId: WORKSPACE, firstTime: start, lastTime: start + (POINTS_PER_SERIES - 1) * 60_000 };
}

/**
 * Writes one value now (for stream tests). The specs share one service, so each live write
 * goes to a series that no other spec counts: Mixer_2 temperature (stream spec; counted only
 * as "at least the seeded hour"), Mixer_1 temperature (stream spec, after the seeded hour),
 * Mixer_2 rpm (dashboard live panel), Mixer_0 running.
 */
export async function putValue(service, entityId, propertyName, value, time = new Date()) {
  const call = serviceClient(service);
  return call('POST', `/workspaces/${WORKSPACE}/entity-properties`, {
    entries: [
      {
        entityPropertyReference: { entityId, componentName: 'Mixer', propertyName },
        propertyValues: [{ time: time.toISOString(), value }],
      },
    ],
  });
}
