// @vitest-environment happy-dom

import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AdminDisplays from '../../web/src/components/admin/AdminDisplays.vue';
import AdminUserForm from '../../web/src/components/admin/AdminUserForm.vue';
import { session, token } from '../../web/src/lib/auth';
import { setLocale } from '../../web/src/lib/i18n';

/** fetch answers by method and path; every request is kept with its parsed body. */
type Handler = (body: unknown) => { status: number; body: unknown };
let routes: Record<string, Handler>;
let calls: { method: string; path: string; headers: Record<string, string>; body: unknown }[];
beforeEach(() => {
  setLocale('en');
  token.value = null;
  session.value = { user: { login: 'chen.admin', name: '陈管理', role: 'admin', teams: [], active: true }, csrf: 'csrf-of-the-admin-0000' };
  calls = [];
  routes = {};
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit) => {
      const method = init.method ?? 'GET';
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, path: path.split('?')[0]!, headers: init.headers as Record<string, string>, body });
      const route = routes[`${method} ${path.split('?')[0]}`];
      const a = route ? route(body) : { status: 404, body: { error: 'not here' } };
      return new Response(a.body === null ? null : JSON.stringify(a.body), {
        status: a.status,
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());
const changes = () => calls.filter((c) => c.method !== 'GET');

describe('the user form sends what the role needs, and only a typed password', () => {
  it('a new supervisor: their teams from "north, south", the password, with the CSRF token', async () => {
    routes['PUT /api/v1/users/zhang.sup'] = (b) => ({ status: 200, body: { login: 'zhang.sup', ...(b as object), password: undefined } });
    const w = mount(AdminUserForm, { props: { user: null, teams: [], agents: [] } });
    await w.get('[name=login]').setValue(' zhang.sup ');
    await w.get('[name=name]').setValue('张主管');
    await w.get('[name=role]').setValue('supervisor');
    await w.get('[name=teams]').setValue('north, south');
    await w.get('[name=password]').setValue('supervisor-pass-1');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(changes()).toEqual([
      {
        method: 'PUT',
        path: '/api/v1/users/zhang.sup',
        headers: expect.objectContaining({ 'x-csrf-token': 'csrf-of-the-admin-0000' }),
        body: { name: '张主管', role: 'supervisor', teams: ['north', 'south'], password: 'supervisor-pass-1', active: true },
      },
    ]);
    expect(w.emitted('saved')?.[0]?.[0]).toMatchObject({ login: 'zhang.sup', teams: ['north', 'south'] });
  });

  it('editing an agent without typing a password keeps theirs: no password is sent; the login cannot change', async () => {
    const user = { login: 'wang.fang', name: '王芳', role: 'agent' as const, teams: [], agentId: 'WangFang', active: true };
    routes['PUT /api/v1/users/wang.fang'] = () => ({ status: 200, body: { ...user, name: '王芳芳' } });
    const w = mount(AdminUserForm, { props: { user, teams: [], agents: ['WangFang'] } });
    expect((w.get('[name=login]').element as HTMLInputElement).disabled).toBe(true);
    await w.get('[name=name]').setValue('王芳芳');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(changes()[0]?.body).toEqual({ name: '王芳芳', role: 'agent', teams: [], agentId: 'WangFang', active: true });
  });

  it("shows the server's refusal naming the field, and stays open", async () => {
    routes['PUT /api/v1/users/li.na'] = () => ({ status: 400, body: { error: 'agentId: not in the roster' } });
    const w = mount(AdminUserForm, { props: { user: null, teams: [], agents: [] } });
    await w.get('[name=login]').setValue('li.na');
    await w.get('[name=name]').setValue('Li Na');
    await w.get('[name=agentId]').setValue('Nobody');
    await w.get('[name=password]').setValue('a-password-123');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(w.get('[data-test=user-error]').text()).toBe('agentId: not in the roster');
    expect(w.emitted('saved')).toBeUndefined();
  });
});

describe('display links: the secret is shown once, a revoke needs a second press', () => {
  const link = {
    id: 'dl_north',
    name: 'North TV',
    scope: 'team:north',
    rotate: 0,
    lang: 'en',
    frameAncestors: [],
    createdAt: '2026-12-01T10:00:00.000Z',
    createdBy: 'chen.admin',
  };
  const secret = 'disp_the-secret-of-north-tv-0123456789';

  it('creates a link, shows its URL until "I have stored it", then never again', async () => {
    routes['GET /api/v1/displays'] = () => ({ status: 200, body: { displays: [] } });
    routes['GET /api/v1/history/agents'] = () => ({ status: 200, body: { rows: [] } });
    routes['POST /api/v1/displays'] = () => ({ status: 201, body: { link, secret, path: `/wall?display=${secret}` } });
    const w = mount(AdminDisplays);
    await flushPromises();
    await w.get('[data-action=add-display]').trigger('click');
    await w.get('[data-test=display-form] [name=name]').setValue('North TV');
    await w.get('[data-test=display-form] [name=scope]').setValue('team:north');
    await w.get('[data-test=display-form]').trigger('submit');
    await flushPromises();
    expect(changes()[0]?.body).toEqual({ name: 'North TV', scope: 'team:north', rotate: 0, lang: 'zh-CN', frameAncestors: [] });
    expect((w.get('[data-test=display-url]').element as HTMLInputElement).value).toBe(`${location.origin}/wall?display=${secret}`);
    expect(w.get('[data-display=dl_north]').text()).toContain('North TV');
    await w.get('[data-test=display-secret] .done').trigger('click');
    expect(w.html()).not.toContain(secret);
  });

  it('the first press of Revoke asks; only the second switches the TV off', async () => {
    routes['GET /api/v1/displays'] = () => ({ status: 200, body: { displays: [link] } });
    routes['GET /api/v1/history/agents'] = () => ({ status: 200, body: { rows: [] } });
    routes['DELETE /api/v1/displays/dl_north'] = () => ({ status: 200, body: { ...link, revokedAt: '2026-12-01T11:00:00.000Z' } });
    const w = mount(AdminDisplays);
    await flushPromises();
    const revoke = () => w.get('[data-display=dl_north] [data-action=revoke]');
    await revoke().trigger('click');
    expect(changes()).toEqual([]);
    expect(revoke().text()).toBe('Switch it off?');
    await revoke().trigger('click');
    await flushPromises();
    expect(changes().map((c) => `${c.method} ${c.path}`)).toEqual(['DELETE /api/v1/displays/dl_north']);
    expect(w.get('[data-display=dl_north]').text()).toContain('Switched off');
    expect(w.find('[data-display=dl_north] [data-action=revoke]').exists()).toBe(false);
  });
});
