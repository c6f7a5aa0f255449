// Checks docker-compose.yml with dclint and every manifest in k8s/ against the Kubernetes
// schemas shipped by kubernetes-models. Prints one line per file; exits 1 on any problem.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let problems = 0;

try {
  execFileSync(process.execPath, [join(root, 'node_modules', 'dclint', 'bin', 'dclint.cjs'), 'docker-compose.yml'], {
    cwd: root,
    stdio: 'pipe',
  });
  console.log('ok      docker-compose.yml');
} catch (error) {
  problems += 1;
  console.log(`invalid docker-compose.yml\n${error.stdout?.toString() ?? error.message}`);
}

const apps = readdirSync(join(root, 'apps'));
for (const file of readdirSync(join(root, 'k8s')).filter((name) => name.endsWith('.yaml')).sort()) {
  const documents = parseAllDocuments(readFileSync(join(root, 'k8s', file), 'utf8'));
  for (const document of documents) {
    const label = `k8s/${file}`;
    if (document.errors.length > 0) {
      problems += 1;
      console.log(`invalid ${label}: ${document.errors.map((error) => error.message).join('; ')}`);
      continue;
    }
    const object = document.toJS();
    const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    const modulePath = group === '' ? `kubernetes-models/${version}/${object.kind}` : `kubernetes-models/${group}/${version}/${object.kind}`;
    try {
      const Model = (await import(modulePath))[object.kind];
      new Model(object).validate();
      if (object.kind === 'Deployment') {
        // Node options such as a heap limit may come before the script.
        const script = object.spec.template.spec.containers[0].command.find((arg) => arg.startsWith('dist/'));
        if (script === undefined) {
          throw new Error('its command runs no script under dist/');
        }
        const app = script.split('/')[2];
        if (!apps.includes(app)) {
          throw new Error(`runs dist/apps/${app}, which is not an app of this repository`);
        }
      }
      console.log(`ok      ${label} ${object.kind} ${object.metadata.name}`);
    } catch (error) {
      problems += 1;
      console.log(`invalid ${label} ${object.kind} ${object.metadata?.name}: ${error.message}`);
    }
  }
}

if (problems > 0) {
  console.log(`${problems} problem(s) in the deployment files`);
  process.exit(1);
}
