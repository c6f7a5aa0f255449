import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('deployment files', () => {
  it('pass dclint and the Kubernetes schemas', () => {
    let output = '';
    let failed = false;
    try {
      output = execFileSync(process.execPath, [join(root, 'scripts', 'validate-deployment-files.mjs')], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      failed = true;
      output = String((error as { stdout?: string }).stdout ?? error);
    }

    expect(output).toContain('ok      docker-compose.yml');
    for (const app of ['api-gateway', 'planner', 'launcher', 'status']) {
      expect(output).toContain(`Deployment ${app}`);
    }
    expect(output).not.toContain('invalid');
    expect(failed).toBe(false);
  });
});
