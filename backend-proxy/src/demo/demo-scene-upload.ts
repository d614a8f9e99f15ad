import { bucketOf } from '../resources/buckets';
import { ResourceLibrary } from '../resources/library';
import { Store } from '../store/store';
import { DEMO_MODEL_FILES, readDemoModel } from './demo-models';
import { DEMO_SCENE_FOLDER, DEMO_SCENE_ID, DEMO_SCENE_KEY, demoSceneDocument } from './demo-scene';
import { DEMO_WORKSPACE } from './demo-site';

/**
 * Puts the demo plant's models and scene document into demo-factory's resource library and
 * creates the scene pointing at the document (`s3://<bucket>/scenes/FactoryFloor.json`), as
 * an operator would through the resource routes and CreateScene. Called when the demo site
 * is created, so an existing demo (perhaps changed by its operator) is left as it is.
 */
export async function uploadDemoScene(store: Store, resources: ResourceLibrary) {
  const workspace = await store.workspaces.get(DEMO_WORKSPACE);
  if (!workspace) throw new Error(`demo scene: workspace ${DEMO_WORKSPACE} is missing`);
  for (const file of DEMO_MODEL_FILES)
    await resources.putForWorkspace(workspace, DEMO_SCENE_FOLDER + file, readDemoModel(file), {
      contentType: 'model/gltf-binary',
    });
  await resources.putForWorkspace(workspace, DEMO_SCENE_KEY, JSON.stringify(demoSceneDocument(), null, 2), {
    contentType: 'application/json',
  });
  await store.scenes.create(DEMO_WORKSPACE, DEMO_SCENE_ID, {
    contentLocation: `s3://${bucketOf(workspace)}/${DEMO_SCENE_KEY}`,
    description: 'The demo plant in 3D: two cookie lines with live status and temperature tags',
  });
}
