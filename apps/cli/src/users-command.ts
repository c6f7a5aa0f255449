import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Client } from 'pg';

import {
  encodePasswordHash,
  hashPassword,
  InvalidUserError,
  listUsers,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  removeUser,
  saveUser,
} from '@drs/auth';
import { isRole } from '@drs/domain';
import { describeDatabaseConnectionError } from '@drs/persistence';

export const USERS_USAGE = `Usage: drsctl users <add|list|remove|hash> [options]
  add NAME --role ROLE   create the user, or set the role and password of an existing one;
                         ROLE is viewer, operator, recovery-admin or admin
  list                   list the users with their roles
  remove NAME            delete the user; tokens already issued stay valid until they expire
  hash                   print a password hash for AUTH_USERS (NAME:ROLE:HASH)
The password is read from DRSCTL_PASSWORD, or else from standard input (first line).`;

/** Postgres's SQLSTATE for a table that does not exist. */
const UNDEFINED_TABLE = '42P01';

export class UsageError extends Error {}

/** Reads the password from the environment variable or standard input, without echo on a terminal. */
async function readPassword(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.DRSCTL_PASSWORD !== undefined && env.DRSCTL_PASSWORD !== '') {
    return env.DRSCTL_PASSWORD;
  }
  const interactive = process.stdin.isTTY === true;
  if (interactive) {
    process.stderr.write('Password: ');
  }
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({
    input: process.stdin,
    output: interactive ? silent : undefined,
    terminal: interactive,
  });
  try {
    for await (const line of reader) {
      return line;
    }
  } finally {
    reader.close();
    if (interactive) {
      process.stderr.write('\n');
    }
  }
  throw new UsageError('no password given: set DRSCTL_PASSWORD or write it to standard input');
}

function roleOption(args: string[]): string {
  const index = args.indexOf('--role');
  const role = index >= 0 ? args[index + 1] : undefined;
  if (role === undefined) {
    throw new UsageError('add needs --role ROLE');
  }

  return role;
}

async function withDatabase<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(describeDatabaseConnectionError(databaseUrl, error));
  }
  try {
    return await work(client);
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) {
      throw new Error('The users table does not exist; create it with "npm run db:migrate"');
    }
    throw error;
  } finally {
    await client.end();
  }
}

/** Runs `drsctl users ...` and returns the exit code. */
export async function runUsersCommand(
  args: string[],
  databaseUrl: string,
  env: NodeJS.ProcessEnv,
  print: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  const [action, name] = args;
  switch (action) {
    case 'add': {
      const role = roleOption(args);
      if (name === undefined || name.startsWith('--')) {
        throw new UsageError('add needs a user name');
      }
      if (!isRole(role)) {
        throw new InvalidUserError(
          `Role "${role}" is invalid: use viewer, operator, recovery-admin or admin`,
        );
      }
      const password = await readPassword(env);
      const { created } = await withDatabase(databaseUrl, (client) => saveUser(client, name, role, password));
      print(`${created ? 'Created' : 'Updated'} user ${name} with role ${role}.`);
      return 0;
    }
    case 'list': {
      const users = await withDatabase(databaseUrl, (client) => listUsers(client));
      for (const user of users) {
        print(`${user.name}\t${user.role}\tupdated ${user.updatedAt.toISOString()}`);
      }
      print(`${users.length} user(s).`);
      return 0;
    }
    case 'remove': {
      if (name === undefined) {
        throw new UsageError('remove needs a user name');
      }
      const removed = await withDatabase(databaseUrl, (client) => removeUser(client, name));
      print(removed ? `Removed user ${name}.` : `No user named ${name}.`);
      return removed ? 0 : 1;
    }
    case 'hash': {
      const password = await readPassword(env);
      if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
        throw new InvalidUserError(
          `The password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters, got ${password.length}`,
        );
      }
      print(encodePasswordHash(await hashPassword(password)));
      return 0;
    }
    default:
      throw new UsageError(action === undefined ? 'missing action' : `unknown action "${action}"`);
  }
}
