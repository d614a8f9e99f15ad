import fs from 'node:fs';
import path from 'node:path';
import { jsonSchemaDocument, publishedSchemas } from './file-schemas';

/** provisioning/schemas/ at the repository's top, referenced by the example files' `$schema` lines. */
const published = path.resolve(__dirname, '../../../provisioning/schemas');

// `npm run schemas -w backend-proxy` writes them (DOPPEL_WRITE_SCHEMAS=1); the test keeps them current
const write = process.env.DOPPEL_WRITE_SCHEMAS === '1';

test.each(Object.keys(publishedSchemas))(
  'provisioning/schemas/%s.schema.json is what the wire schemas make',
  (name) => {
    const file = path.join(published, `${name}.schema.json`);
    if (write) {
      fs.mkdirSync(published, { recursive: true });
      fs.writeFileSync(file, jsonSchemaDocument(name));
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(jsonSchemaDocument(name));
  },
);

test('every $schema line of the example files names a published schema that exists', () => {
  const root = path.resolve(published, '..', 'workspaces');
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
  expect(files.length).toBeGreaterThan(3);
  for (const f of files) {
    const line = /^# yaml-language-server: \$schema=(\S+)$/m.exec(fs.readFileSync(path.join(root, f), 'utf8'));
    expect([f, line?.[1] && fs.existsSync(path.resolve(root, path.dirname(f), line[1]))]).toEqual([f, true]);
  }
});
