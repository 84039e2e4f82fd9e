// Small HTTP helpers over app.inject.
import assert from 'node:assert/strict';
import type { TestPlatform } from './platform.ts';

export async function login(tp: TestPlatform, phone: string, password: string): Promise<string> {
  const res = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, password } });
  assert.equal(res.statusCode, 200, res.body);
  return JSON.parse(res.body).token;
}

export async function call(tp: TestPlatform, method: string, url: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await tp.app.inject({ method: method as 'GET', url, headers, payload: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}
