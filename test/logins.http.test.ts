// Password guessing over HTTP: failed logins are throttled per phone and per client address
// (exponential back-off after 5 failures, 429 login_locked with Retry-After in zh-CN and en),
// the same for unknown phones, counted before the password is checked so parallel guesses gain
// nothing, and shared by API processes through PostgreSQL (two real processes); every login is
// recorded and the operator sees records and locks and lifts a lock (audited); every user lists
// and ends their own sessions and changes their password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApiProcess, type ApiProcess } from './support/processes.ts';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { brandWithLot, reseller, uniquePhone } from './support/fixtures.ts';
import { createUser } from '../src/modules/accounts/index.ts';

let tp: TestPlatform;
let operator: { phone: string; password: string; token: string };
let brandId: string;

interface Res { status: number; body: any; headers: Record<string, unknown> }

// Each test guesses from client addresses of its own (TEST-NET ranges), so the address counts
// of one test never lock another's.
let ipSeq = 0;
const freshIp = () => `198.51.${100 + Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;

async function call(method: string, url: string, opts: { token?: string; body?: unknown; ip?: string; lang?: string; ua?: string } = {}): Promise<Res> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.lang) headers['accept-language'] = opts.lang;
  if (opts.ua) headers['user-agent'] = opts.ua;
  const res = await tp.app.inject({ method: method as 'GET', url, headers, payload: opts.body === undefined ? undefined : JSON.stringify(opts.body), remoteAddress: opts.ip ?? '192.0.2.1' });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}

const tryLogin = (phone: string, password: string, opts: { ip: string; lang?: string; ua?: string }) =>
  call('POST', '/api/v1/auth/login', { body: { phone, password }, ...opts });

async function loginOk(phone: string, password: string, opts: { ip?: string; ua?: string } = {}): Promise<string> {
  const r = await tryLogin(phone, password, { ip: opts.ip ?? freshIp(), ua: opts.ua });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

async function newUser(role: 'operator' | 'brand' | 'reseller', password = 'right-password'): Promise<{ phone: string; password: string; id: string }> {
  if (role === 'reseller') {
    const r = await reseller(tp);
    return { phone: r.phone, password: r.password, id: r.actor.kind === 'reseller' ? r.actor.userId : '' };
  }
  const phone = uniquePhone();
  const u = await createUser(tp.ctx(), { role, phone, name: `${role} ${phone.slice(-4)}`, password, ...(role === 'brand' ? { brandId } : {}) });
  return { phone, password, id: u.id };
}

/** The lock on a key ends now (as if its time had passed), its failures kept. */
async function expireLock(kind: 'phone' | 'address', value: string): Promise<void> {
  const r = await tp.database.pool.query(`UPDATE login_throttles SET locked_until = now() - interval '1 second' WHERE kind = $1 AND value = $2 AND locked_until IS NOT NULL`, [kind, value]);
  assert.equal(r.rowCount, 1, `no lock on ${kind} ${value}`);
}

const throttleRow = async (kind: string, value: string) =>
  (await tp.database.pool.query(`SELECT failures, locked_until FROM login_throttles WHERE kind = $1 AND value = $2`, [kind, value])).rows[0] as { failures: number; locked_until: Date | null } | undefined;

before(async () => {
  tp = await testPlatform();
  const op = await newUser('operator', 'operator-password');
  operator = { ...op, token: await loginOk(op.phone, op.password) };
  brandId = (await brandWithLot(tp)).brandId;
});
after(async () => { await tp?.close(); });

// ---- throttling ----

for (const lang of ['zh-CN', 'en'] as const) {
  test(`30 wrong passwords in a row: 5 are checked (401), then 429 login_locked with Retry-After, even for the right password (${lang})`, async () => {
    const u = await newUser('operator');
    const ip = freshIp();
    const answers: Res[] = [];
    for (let i = 0; i < 30; i++) answers.push(await tryLogin(u.phone, `guess-${i}`, { ip, lang }));
    assert.deepEqual(answers.slice(0, 5).map((r) => [r.status, r.body.code]), Array(5).fill([401, 'invalid_credentials']));
    for (const r of answers.slice(5)) {
      assert.equal(r.status, 429, JSON.stringify(r.body));
      assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(r.body.code, 'login_locked');
      assert.equal(r.body.lockedBy, 'phone');
      const wait = Number(r.headers['retry-after']);
      assert.ok(wait >= 20 && wait <= 30, `Retry-After ${r.headers['retry-after']}`);
      assert.equal(r.body.retryAfter, wait);
    }
    const last = answers[29].body;
    if (lang === 'en') {
      assert.equal(last.title, 'Too many failed logins: temporarily locked, please try again later');
      assert.match(last.detail, /^Too many failed logins for this phone number: it is locked for now\. Try again in \d+ seconds\.$/);
    } else {
      assert.equal(last.title, '登录失败次数过多，已暂时锁定，请稍后再试');
      assert.match(last.detail, /^该手机号登录失败次数过多，已暂时锁定，请 \d+ 秒后再试。$/);
    }
    // (Further tries come from other addresses: the platform's per-address request limit allows 30 logins a minute.)
    const elsewhere = freshIp();
    const right = await tryLogin(u.phone, u.password, { ip: elsewhere, lang });
    assert.deepEqual([right.status, right.body.code], [429, 'login_locked'], 'the right password waits too, from any address');
    // The lock ends: one more wrong password is checked and locks for twice as long.
    await expireLock('phone', u.phone);
    assert.equal((await tryLogin(u.phone, 'guess-again', { ip: elsewhere, lang })).status, 401);
    const longer = await tryLogin(u.phone, u.password, { ip: elsewhere, lang });
    assert.deepEqual([longer.status, longer.body.code], [429, 'login_locked']);
    assert.ok(Number(longer.headers['retry-after']) > 30 && Number(longer.headers['retry-after']) <= 60, `Retry-After ${longer.headers['retry-after']}`);
    await expireLock('phone', u.phone);
    assert.equal((await tryLogin(u.phone, u.password, { ip: elsewhere, lang })).status, 200, 'the right password once the lock is over');
    assert.equal(await throttleRow('phone', u.phone), undefined, 'a success clears the phone');
  });
}

test('an unknown phone gets exactly the answers a registered one gets', async () => {
  const known = await newUser('reseller');
  const unknown = uniquePhone();
  const ip = freshIp();
  // Waits differ by the moment asked (29 or 30 s): compare their shape.
  const strip = (r: Res) => { const { instance: _i, retryAfter: _r, lockedUntil: _l, detail, ...rest } = r.body; return [r.status, rest, String(detail ?? '').replace(/\d+/g, 'N')]; };
  for (let i = 0; i < 7; i++) {
    const a = await tryLogin(known.phone, `nope-${i}`, { ip, lang: 'en' });
    const b = await tryLogin(unknown, `nope-${i}`, { ip, lang: 'en' });
    assert.deepEqual(strip(b), strip(a), `attempt ${i + 1}`);
  }
  assert.equal((await throttleRow('phone', unknown))?.failures, 5, 'the unknown phone is counted like a real one');
});

test('a phone that is not an 11-digit mobile number is refused as input (400, under body.phone, in both languages), neither checked nor counted nor recorded', async () => {
  const ip = freshIp();
  const records = async () => Number((await tp.database.pool.query(`SELECT count(*) AS n FROM login_records WHERE phone = ANY($1)`, [['137', '1370000000x', ' 137 ']])).rows[0].n);
  for (const [phone, lang, words] of [['137', 'zh-CN', '请输入 11 位大陆手机号'], ['1370000000x', 'en', 'a mainland mobile number of 11 digits']] as const) {
    const r = await tryLogin(phone, 'whatever', { ip, lang });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.code, 'validation_failed');
    assert.deepEqual(r.body.errors.map((e: { path: string }) => e.path), ['body.phone']);
    assert.match(r.body.errors[0].message, new RegExp(words, 'i'));
  }
  assert.equal(await throttleRow('address', ip), undefined, 'no failure counted for the address');
  assert.equal(await records(), 0, 'no login recorded');
  // spaces around a real number are let go
  const u = await newUser('reseller');
  assert.equal((await tryLogin(` ${u.phone} `, u.password, { ip })).status, 200);
});

test('a success clears the phone: failures before it do not add up with those after it', async () => {
  const u = await newUser('brand');
  const ip = freshIp();
  for (let i = 0; i < 4; i++) assert.equal((await tryLogin(u.phone, 'wrong', { ip })).status, 401);
  assert.equal((await tryLogin(u.phone, u.password, { ip })).status, 200);
  for (let i = 0; i < 5; i++) assert.equal((await tryLogin(u.phone, 'wrong', { ip })).status, 401, `failure ${i + 1} after the success`);
  assert.equal((await tryLogin(u.phone, 'wrong', { ip })).status, 429);
});

test('parallel guesses gain nothing: of 25 at once, 5 are checked and 20 refused', async () => {
  const u = await newUser('operator');
  const ip = freshIp();
  const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => tryLogin(u.phone, `parallel-${i}`, { ip })));
  const by = (s: number) => answers.filter((r) => r.status === s).length;
  assert.deepEqual({ 401: by(401), 429: by(429) }, { 401: 5, 429: 20 });
  assert.ok(answers.every((r) => r.status === 401 || r.body.code === 'login_locked'));
  assert.equal((await throttleRow('phone', u.phone))?.failures, 5);
});

test('one client address trying many phones is locked after 20 failures, for every phone, and other addresses are not', async () => {
  const victim = await newUser('reseller');
  const ip = freshIp();
  for (let i = 0; i < 20; i++) {
    const r = await tryLogin(uniquePhone(), 'spray-password', { ip, lang: 'en' });
    assert.equal(r.status, 401, `spray ${i + 1}: ${JSON.stringify(r.body)}`);
  }
  const refused = await tryLogin(victim.phone, victim.password, { ip, lang: 'en' });
  assert.equal(refused.status, 429);
  assert.equal(refused.body.lockedBy, 'address');
  assert.match(refused.body.detail, /from your network/);
  assert.equal((await tryLogin(victim.phone, victim.password, { ip: freshIp() })).status, 200, 'the same account from another address');
});

test('successful logins from one busy address never lock it', async () => {
  const u = await newUser('reseller');
  const ip = freshIp();
  for (let i = 0; i < 19; i++) assert.equal((await tryLogin(uniquePhone(), 'wrong', { ip })).status, 401);
  // 19 failures: a burst of logins that succeed is each counted while in flight and given back.
  const ok = await Promise.all(Array.from({ length: 8 }, () => tryLogin(u.phone, u.password, { ip })));
  assert.ok(ok.filter((r) => r.status === 200).length >= 1);
  assert.equal((await throttleRow('address', ip))?.failures, 19, 'every success gave its count back');
  assert.equal((await throttleRow('address', ip))?.locked_until, null);
  assert.equal((await tryLogin(u.phone, u.password, { ip })).status, 200);
});

test('a wrong current password in a password change counts as a failed login for the phone', async () => {
  const u = await newUser('brand');
  const token = await loginOk(u.phone, u.password);
  const ip = freshIp();
  for (let i = 0; i < 5; i++) {
    const r = await call('POST', '/api/v1/me/password', { token, ip, body: { currentPassword: `guess-${i}`, newPassword: 'a-new-password' } });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.equal(r.body.code, 'current_password_wrong');
  }
  const locked = await call('POST', '/api/v1/me/password', { token, ip, body: { currentPassword: u.password, newPassword: 'a-new-password' } });
  assert.equal(locked.status, 429);
  assert.equal(locked.body.code, 'login_locked');
  assert.equal((await tryLogin(u.phone, u.password, { ip: freshIp() })).status, 429, 'logins of the phone wait too');
});

// ---- what the operator sees ----

test('every login is recorded (who, when, from where, with what) and the operator lists them by phone and outcome', async () => {
  const u = await newUser('reseller');
  const unknown = uniquePhone();
  const ip = freshIp();
  const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0';
  await tryLogin(u.phone, 'wrong-1', { ip, ua });
  await tryLogin(u.phone, u.password, { ip, ua });
  await tryLogin(unknown, 'wrong-2', { ip, ua });
  for (let i = 0; i < 6; i++) await tryLogin(unknown, 'wrong-3', { ip, ua });

  const mine = await call('GET', `/api/v1/login-records?phone=${u.phone}`, { token: operator.token });
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  assert.deepEqual(mine.body.items.map((r: any) => r.outcome), ['succeeded', 'failed']);
  for (const r of mine.body.items) {
    assert.deepEqual([r.phone, r.userId, r.role, r.ip, r.userAgent], [u.phone, u.id, 'reseller', ip, ua]);
    assert.ok(Date.now() - Date.parse(r.at) < 120_000);
  }
  const stranger = await call('GET', `/api/v1/login-records?phone=${unknown}`, { token: operator.token });
  // One failure, then four more lock the phone: the last two attempts were not checked.
  assert.deepEqual(stranger.body.items.map((r: any) => r.outcome), ['locked', 'locked', 'failed', 'failed', 'failed', 'failed', 'failed']);
  assert.ok(stranger.body.items.every((r: any) => r.userId === null && r.userName === null));
  const lockedOnly = await call('GET', `/api/v1/login-records?phone=${unknown}&outcome=locked`, { token: operator.token });
  assert.deepEqual(lockedOnly.body.items.map((r: any) => r.outcome), ['locked', 'locked']);

  // Pages: newest first, each once.
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const p: Res = await call('GET', `/api/v1/login-records?phone=${unknown}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: operator.token });
    seen.push(...p.body.items.map((r: any) => r.id));
    cursor = p.body.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, stranger.body.items.map((r: any) => r.id));

  // The owner sees logins tried with their phone too.
  const token = await loginOk(u.phone, u.password);
  const own = await call('GET', '/api/v1/me/logins', { token });
  assert.deepEqual(own.body.items.map((r: any) => r.outcome), ['succeeded', 'succeeded', 'failed']);
});

test('the operator sees locked phones and addresses, lifts a lock, and the lifting is audited', async () => {
  const u = await newUser('reseller');
  const ip = freshIp();
  for (let i = 0; i < 5; i++) await tryLogin(u.phone, 'wrong', { ip });
  const sprayIp = freshIp();
  for (let i = 0; i < 20; i++) await tryLogin(uniquePhone(), 'wrong', { ip: sprayIp });
  const locks = await call('GET', '/api/v1/login-locks', { token: operator.token });
  assert.equal(locks.status, 200);
  const phoneLock = locks.body.items.find((l: any) => l.kind === 'phone' && l.value === u.phone);
  assert.ok(phoneLock, JSON.stringify(locks.body));
  assert.equal(phoneLock.failures, 5);
  assert.equal(phoneLock.role, 'reseller');
  assert.ok(phoneLock.retryAfter > 0 && phoneLock.retryAfter <= 30);
  assert.ok(locks.body.items.some((l: any) => l.kind === 'address' && l.value === sprayIp && l.failures === 20));

  const ua = 'operator-console-test';
  const cleared = await call('POST', '/api/v1/login-locks/clear', { token: operator.token, ip: '192.0.2.77', ua, body: { kind: 'phone', value: u.phone } });
  assert.deepEqual([cleared.status, cleared.body], [200, { ok: true, cleared: true }]);
  assert.equal((await tryLogin(u.phone, u.password, { ip })).status, 200, 'the phone logs in at once');
  const again = await call('POST', '/api/v1/login-locks/clear', { token: operator.token, body: { kind: 'phone', value: u.phone } });
  assert.deepEqual(again.body, { ok: true, cleared: false }, 'nothing left to clear');
  assert.equal((await call('POST', '/api/v1/login-locks/clear', { token: operator.token, body: { kind: 'address', value: sprayIp } })).body.cleared, true);
  assert.equal((await tryLogin(u.phone, u.password, { ip: sprayIp })).status, 200, 'the address logs in again');

  const log = await call('GET', '/api/v1/account-audit', { token: operator.token });
  // Newest first: the second (empty) clearing, then the one that lifted the lock.
  const entries = log.body.items.filter((e: any) => e.action === 'throttle_cleared' && e.target === `phone:${u.phone}`);
  assert.equal(entries.length, 2, JSON.stringify(log.body));
  const entry = entries[1];
  assert.deepEqual([entry.actorUserId, entry.subjectUserId, entry.ip, entry.userAgent], [await meId(operator.token), u.id, '192.0.2.77', ua]);
});

async function meId(token: string): Promise<string> {
  return (await call('GET', '/api/v1/me', { token })).body.userId;
}

// ---- my sessions and my password, for every role ----

for (const role of ['operator', 'brand', 'reseller'] as const) {
  test(`${role === 'operator' ? 'an' : 'a'} ${role} lists their sessions (where, when, which is this one) and ends one or all others`, async () => {
    const u = await newUser(role);
    const laptopIp = freshIp();
    const phoneIp = freshIp();
    const laptop = await loginOk(u.phone, u.password, { ip: laptopIp, ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0' });
    const phone = await loginOk(u.phone, u.password, { ip: phoneIp, ua: 'Mozilla/5.0 (iPhone) MicroMessenger/8.0' });
    const tablet = await loginOk(u.phone, u.password, { ip: freshIp(), ua: 'tablet' });
    const someoneElse = await loginOk(operator.phone, operator.password);

    const list = await call('GET', '/api/v1/me/sessions', { token: laptop });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(list.body.items.length, 3, 'only my sessions');
    const me = list.body.items.find((s: any) => s.current);
    assert.deepEqual([me.ip, me.userAgent], [laptopIp, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0']);
    assert.equal(list.body.items.filter((s: any) => s.current).length, 1);
    const phoneSession = list.body.items.find((s: any) => s.ip === phoneIp);
    for (const s of list.body.items) assert.ok(s.createdAt && s.lastUsedAt && s.expiresAt);

    // Someone else's session answers like a missing one and goes on.
    const theirs = (await call('GET', '/api/v1/me/sessions', { token: someoneElse })).body.items.find((s: any) => s.current).id;
    const foreign = await call('DELETE', `/api/v1/me/sessions/${theirs}`, { token: laptop });
    const missing = await call('DELETE', '/api/v1/me/sessions/ses_01jmissingmissingmissingmis', { token: laptop });
    assert.deepEqual([foreign.status, foreign.body.code], [404, 'not_found']);
    assert.deepEqual([missing.status, missing.body.code], [404, 'not_found']);
    assert.equal((await call('GET', '/api/v1/me', { token: someoneElse })).status, 200);

    // End the phone's session: it stops working, the rest go on.
    const ended = await call('DELETE', `/api/v1/me/sessions/${phoneSession.id}`, { token: laptop });
    assert.deepEqual([ended.status, ended.body], [200, { ok: true, loggedOut: false }]);
    assert.equal((await call('GET', '/api/v1/me', { token: phone })).status, 401);
    assert.equal((await call('GET', '/api/v1/me', { token: laptop })).status, 200);

    // End all others: only this one is left.
    const others = await call('POST', '/api/v1/me/sessions/revoke-others', { token: laptop });
    assert.deepEqual(others.body, { revoked: 1 });
    assert.equal((await call('GET', '/api/v1/me', { token: tablet })).status, 401);
    assert.deepEqual((await call('GET', '/api/v1/me/sessions', { token: laptop })).body.items.map((s: any) => s.current), [true]);

    // End this one: logged out, the cookie cleared.
    const self = await call('DELETE', `/api/v1/me/sessions/${me.id}`, { token: laptop });
    assert.deepEqual(self.body, { ok: true, loggedOut: true });
    assert.match(String(self.headers['set-cookie']), /st_session=;.*Expires=Thu, 01 Jan 1970/);
    assert.match(String(self.headers['set-cookie']), /st_signed_in=;.*Expires=Thu, 01 Jan 1970/, 'and the page told it is signed out');
    assert.equal((await call('GET', '/api/v1/me', { token: laptop })).status, 401);
  });

  test(`${role === 'operator' ? 'an' : 'a'} ${role} changes their password with the current one; their other sessions end`, async () => {
    const u = await newUser(role, 'first-password');
    const first = u.password;
    const here = await loginOk(u.phone, u.password);
    const elsewhere = await loginOk(u.phone, u.password);
    const body = (currentPassword: string, newPassword: string) => ({ currentPassword, newPassword });

    const wrong = await call('POST', '/api/v1/me/password', { token: here, lang: 'en', body: body('not-it', 'second-password') });
    assert.deepEqual([wrong.status, wrong.body.code, wrong.body.title], [422, 'current_password_wrong', 'The current password is wrong']);
    const zh = await call('POST', '/api/v1/me/password', { token: here, body: body(first, first) });
    assert.deepEqual([zh.status, zh.body.code, zh.body.title], [422, 'password_unchanged', '新密码不能与当前密码相同']);
    const short = await call('POST', '/api/v1/me/password', { token: here, body: body(first, 'short') });
    assert.deepEqual([short.status, short.body.code, short.body.errors?.[0]?.path], [400, 'validation_failed', 'body.newPassword']);

    const ok = await call('POST', '/api/v1/me/password', { token: here, body: body(first, 'second-password') });
    assert.deepEqual([ok.status, ok.body], [200, { ok: true, endedSessions: 1 }]);
    assert.equal((await call('GET', '/api/v1/me', { token: here })).status, 200, 'this session goes on');
    assert.equal((await call('GET', '/api/v1/me', { token: elsewhere })).status, 401, 'the other one ended');
    assert.equal((await tryLogin(u.phone, first, { ip: freshIp() })).status, 401, 'the old password no longer works');
    await loginOk(u.phone, 'second-password');
    const account = await call('GET', '/api/v1/me/account', { token: here });
    assert.ok(Date.now() - Date.parse(account.body.passwordChangedAt) < 120_000);
    const log = await call('GET', '/api/v1/account-audit', { token: operator.token });
    assert.ok(log.body.items.some((e: any) => e.action === 'password_changed' && e.subjectUserId === u.id && e.target === '1'));
  });
}

test('a session’s last use moves forward when it is used, at most once a minute', async () => {
  const u = await newUser('reseller');
  const token = await loginOk(u.phone, u.password);
  const lastUsed = async () => (await tp.database.pool.query(`SELECT s.last_used_at FROM sessions s WHERE s.user_id = $1`, [u.id])).rows[0].last_used_at as Date;
  await tp.database.pool.query(`UPDATE sessions SET last_used_at = now() - interval '2 minutes' WHERE user_id = $1`, [u.id]);
  const old = await lastUsed();
  assert.equal((await call('GET', '/api/v1/me', { token })).status, 200);
  const moved = await lastUsed();
  assert.ok(moved.getTime() > old.getTime() + 100_000, 'used after two minutes: moved to now');
  await call('GET', '/api/v1/me', { token });
  await call('GET', '/api/v1/me/sessions', { token });
  assert.equal((await lastUsed()).getTime(), moved.getTime(), 'used again within the minute: not written');
  await tp.database.pool.query(`UPDATE sessions SET last_used_at = now() - interval '59 seconds' WHERE user_id = $1`, [u.id]);
  const recent = await lastUsed();
  await call('GET', '/api/v1/me', { token });
  assert.equal((await lastUsed()).getTime(), recent.getTime());
});

test('login records past their keeping (180 days) and throttles whose run is over are dropped as logins go on', async () => {
  const pool = tp.database.pool;
  const old = uniquePhone();
  const stale = `203.0.113.${200 + (ipSeq % 50)}`;
  await pool.query(`INSERT INTO login_records (at, phone, outcome, ip, user_agent) VALUES (now() - interval '181 days', $1, 'failed', '203.0.113.9', 'old'), (now() - interval '179 days', $1, 'failed', '203.0.113.9', 'kept')`, [old]);
  await pool.query(`INSERT INTO login_throttles (kind, value, failures, first_failed_at, last_failed_at, locked_until) VALUES
    ('phone', $1, 3, now() - interval '2 days', now() - interval '25 hours', NULL),
    ('phone', $2, 3, now() - interval '2 days', now() - interval '23 hours', NULL),
    ('address', $3, 25, now() - interval '3 hours', now() - interval '2 hours', now() - interval '1 hour')`, [old, `${old.slice(0, -1)}9`, stale]);
  // Every 500th record sweeps: make the next one the 500th.
  const seq = (await pool.query(`SELECT pg_get_serial_sequence('login_records', 'id') AS s`)).rows[0].s as string;
  const { rows: [{ n }] } = await pool.query(`SELECT last_value AS n FROM ${seq}`);
  await pool.query(`SELECT setval($1, $2)`, [seq, Math.ceil((Number(n) + 1) / 500) * 500 - 1]);
  await tryLogin(uniquePhone(), 'sweep', { ip: freshIp() });
  const left = (await pool.query(`SELECT user_agent FROM login_records WHERE phone = $1`, [old])).rows.map((r) => r.user_agent);
  assert.deepEqual(left, ['kept']);
  const throttles = (await pool.query(`SELECT kind, value FROM login_throttles WHERE value = ANY($1) ORDER BY value`, [[old, `${old.slice(0, -1)}9`, stale]])).rows;
  assert.deepEqual(throttles, [{ kind: 'phone', value: `${old.slice(0, -1)}9` }], 'a phone quiet for a day and an address quiet for an hour are forgotten; one quiet for 23 hours is not');
});

// ---- shared by API processes ----

type Proc = ApiProcess;

async function httpLogin(p: Proc, phone: string, password: string): Promise<{ status: number; code?: string }> {
  const r = await fetch(`${p.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password }) });
  const body = (await r.json()) as { code?: string };
  return { status: r.status, code: body.code };
}

test('two API processes share the throttle: failures on either count on both, parallel guesses across both gain nothing', { timeout: 300_000 }, async () => {
  const [a, b] = await Promise.all([startApiProcess(tp.url), startApiProcess(tp.url)]);
  try {
    // Alternating between the processes: five failures in all lock the phone on both.
    const u = await newUser('operator');
    const seq: number[] = [];
    for (let i = 0; i < 5; i++) seq.push((await httpLogin(i % 2 ? b : a, u.phone, `wrong-${i}`)).status);
    assert.deepEqual(seq, [401, 401, 401, 401, 401]);
    assert.deepEqual(await httpLogin(a, u.phone, u.password), { status: 429, code: 'login_locked' });
    assert.deepEqual(await httpLogin(b, u.phone, u.password), { status: 429, code: 'login_locked' });

    // Twenty guesses at once, half to each process: five are checked in all. (Every request here
    // comes from 127.0.0.1; the test stays under the platform's 30 logins a minute per address.)
    const v = await newUser('reseller');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => httpLogin(i % 2 ? b : a, v.phone, `parallel-${i}`)));
    const checked = answers.filter((r) => r.status === 401).length;
    assert.equal(checked, 5, JSON.stringify(answers));
    assert.ok(answers.every((r) => r.status === 401 || r.code === 'login_locked'), JSON.stringify(answers));
    assert.equal((await throttleRow('phone', v.phone))?.failures, 5);

    // A lock lifted by the operator (through this test's own app) is lifted for both.
    const cleared = await call('POST', '/api/v1/login-locks/clear', { token: operator.token, body: { kind: 'phone', value: v.phone } });
    assert.equal(cleared.body.cleared, true);
    assert.equal((await httpLogin(b, v.phone, v.password)).status, 200);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- process A ---\n${a.output().slice(-2000)}\n--- process B ---\n${b.output().slice(-2000)}`, { cause: e });
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
