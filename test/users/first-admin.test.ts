import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { freshTarget } from '../cli/target.js';

let server: RunningServer | undefined;
let target: Awaited<ReturnType<typeof freshTarget>> | undefined;
afterEach(async () => {
  await server?.close();
  await target?.dispose();
  server = undefined;
  target = undefined;
});

async function start(env: Record<string, string> = {}) {
  // A migrated copy: this file is about the first admin, not the migrations (test/cli/cli.test.ts runs those).
  target = await freshTarget({ migrated: true });
  let printed = '';
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => lines.push(l) } as never });
  server = await startServer(loadConfig({ ...target.env, PORT: '0', ...env }), { handleSignals: false, logger, print: (text) => (printed += `${text}\n`) });
  return { printed, log: () => lines.join('') };
}

const signIn = (email: string, password: string) =>
  fetch(`${server!.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

describe('first console admin', () => {
  it('without ORDO_ADMIN_*: admin@ordo.local with a random password, printed once next to the API key, never logged', async () => {
    const { printed, log } = await start();
    const password = /password: (\S+)/.exec(printed)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(printed).toContain('email:    admin@ordo.local');
    expect(printed).toContain(server!.createdAdminKey!);
    expect(printed.match(/╔/g)).toHaveLength(1); // one box
    expect(printed).toContain('will not be shown again');
    expect(log()).not.toContain(password);
    expect(log()).toContain('created the first console admin');
    expect(server!.createdAdmin).toMatchObject({ email: 'admin@ordo.local', generatedPassword: password });

    const res = await signIn('admin@ordo.local', password!);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { role: string } }).user.role).toBe('admin');
    expect(res.headers.get('set-cookie')).toMatch(/^ordo_session=/);
  });

  it('from ORDO_ADMIN_EMAIL + ORDO_ADMIN_PASSWORD, non-interactively: nothing about it printed', async () => {
    const { printed, log } = await start({ ORDO_ADMIN_EMAIL: 'Boss@Shop.example', ORDO_ADMIN_PASSWORD: 'from the environment', ORDO_DEV_API_KEY: 'dev-key-dev-key-dev-key' });
    expect(printed).toBe(''); // dev key set, admin password chosen by the operator: no box at all
    expect(log()).not.toContain('from the environment');
    expect(server!.createdAdmin).toMatchObject({ email: 'boss@shop.example', generatedPassword: undefined });
    expect((await signIn('boss@shop.example', 'from the environment')).status).toBe(200);
    const users = await fetch(`${server!.url}/api/v1/users`, { headers: { authorization: 'Bearer dev-key-dev-key-dev-key' } });
    expect(((await users.json()) as { items: Array<{ email: string; role: string }> }).items).toEqual([expect.objectContaining({ email: 'boss@shop.example', role: 'admin' })]);
  });

  it('does nothing when users exist (second start on the same database)', async () => {
    const { printed } = await start({ ORDO_DEV_API_KEY: 'dev-key-dev-key-dev-key' });
    expect(printed).toMatch(/password: /);
    await server!.close();
    const env = { ...target!.env, PORT: '0', ORDO_DEV_API_KEY: 'dev-key-dev-key-dev-key', ORDO_ADMIN_EMAIL: 'late@example.com', ORDO_ADMIN_PASSWORD: 'too late for this' };
    let again = '';
    server = await startServer(loadConfig(env), { handleSignals: false, logger: createLogger({ level: 'silent' }), print: (t) => (again += t) });
    expect(again).toBe('');
    expect(server.createdAdmin).toBeUndefined();
    expect((await signIn('late@example.com', 'too late for this')).status).toBe(401);
  });
});
