// 会员: the members by standing and level, or found by name or phone, each opening its membership;
// the operator's invitation codes (for people joining without an inviting reseller) with the join
// link to copy; and "recompute levels now" (the daily job does it too).
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { Field, FormError, LevelBadge, LoadMore, Modal } from './ui.tsx';
import { fieldErrors, fmtDate, fmtDateTime, LEVELS, qs, type Level, type Page } from './lib.ts';
import { joinLink, sk, STANDINGS, STANDING_TAG, type InviteCode, type Member, type Standing } from './settlement.ts';
import './membership.i18n.ts';
import './settlement.css';

export function StandingTag({ standing }: { standing: Standing }) {
  const { t } = useTranslation();
  return <span className={`tag ${STANDING_TAG[standing]}`} data-testid="member-standing" data-standing={standing}>{t(`console.members.standing.${standing}`)}</span>;
}

function Recompute() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => post<{ changed: number }>('/membership/levels/recompute', {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: sk.members }),
  });
  return (
    <>
      {m.isSuccess && <span className="ok-text" role="status" data-testid="recompute-done">{t('console.members.recomputed', { count: m.data.changed })}</span>}
      {m.error ? <span className="field-error" role="alert">{t('console.members.recomputeFailed')}</span> : null}
      <button type="button" className="btn" onClick={() => m.mutate()} disabled={m.isPending} data-testid="recompute-levels" title={t('console.members.recomputeHint')}>
        {m.isPending && <span className="spinner" aria-hidden />}{t('console.members.recompute')}
      </button>
    </>
  );
}

function NewCode({ onClose }: { onClose: (made?: InviteCode) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState({ maxUses: '10', days: '30', note: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: (body: unknown) => post<InviteCode>('/membership/invite-codes', body),
    onSuccess: async (c) => { await qc.invalidateQueries({ queryKey: sk.inviteCodes }); onClose(c); },
    onError: (e) => setErrors(fieldErrors(t, e)),
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const maxUses = Number(f.maxUses), days = Number(f.days);
    if (!/^\d+$/.test(f.maxUses.trim()) || maxUses < 1 || maxUses > 10_000) errs.maxUses = t('console.members.codes.maxUsesInvalid');
    if (!/^\d+$/.test(f.days.trim()) || days < 1 || days > 365) errs.days = t('console.members.codes.daysInvalid');
    if (f.note.trim().length > 100) errs.note = t('console.common.maxLen', { n: 100 });
    setErrors(errs);
    if (Object.keys(errs).length) return;
    m.mutate({ maxUses, days, ...(f.note.trim() ? { note: f.note.trim() } : {}) });
  };
  return (
    <Modal title={t('console.members.codes.newTitle')} onClose={() => onClose()} testId="new-code">
      <form className="stack" onSubmit={submit} noValidate>
        <p className="hint">{t('console.members.codes.newHint')}</p>
        <div className="form-grid">
          <Field label={t('console.members.codes.maxUses')} error={errors.maxUses}>{(p) => <input {...p} inputMode="numeric" value={f.maxUses} onChange={(e) => setF({ ...f, maxUses: e.target.value })} data-testid="code-max-uses" />}</Field>
          <Field label={t('console.members.codes.days')} error={errors.days}>{(p) => <input {...p} inputMode="numeric" value={f.days} onChange={(e) => setF({ ...f, days: e.target.value })} data-testid="code-days" />}</Field>
          <Field label={t('console.members.codes.note')} error={errors.note} hint={t('console.common.optional')} className="span-2">
            {(p) => <input {...p} value={f.note} maxLength={100} onChange={(e) => setF({ ...f, note: e.target.value })} placeholder={t('console.members.codes.notePlaceholder')} data-testid="code-note" />}
          </Field>
        </div>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={() => onClose()}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="code-submit">{m.isPending ? t('console.common.saving') : t('console.members.codes.issue')}</button>
        </div>
      </form>
    </Modal>
  );
}

function InviteCodes() {
  const { t } = useTranslation();
  const [making, setMaking] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  const q = useQuery({ queryKey: sk.inviteCodes, queryFn: ({ signal }) => get<{ items: InviteCode[] }>('/membership/invite-codes', signal).then((r) => r.items) });
  const copyLabels = { copy: t('console.members.codes.copy'), copied: t('console.members.codes.copied'), failed: t('console.members.codes.copyFailed') };
  return (
    <section className="card flush" aria-labelledby="codes-h" data-testid="invite-codes">
      <div className="card-head pad">
        <h2 id="codes-h">{t('console.members.codes.title')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setMaking(true)} data-testid="code-new">{t('console.members.codes.new')}</button>
      </div>
      <p className="hint pad-x">{t('console.members.codes.hint')}</p>
      <QueryView q={q}>
        {(items) => items.length === 0 ? <Empty>{t('console.members.codes.none')}</Empty> : (
          <table className="table" data-testid="codes-table">
            <thead><tr>
              <th>{t('console.members.codes.code')}</th><th className="num">{t('console.members.codes.used')}</th><th>{t('console.members.codes.expires')}</th>
              <th>{t('console.members.codes.note')}</th><th>{t('console.members.codes.link')}</th>
            </tr></thead>
            <tbody>
              {items.map((c) => {
                const over = Date.parse(c.expiresAt) <= Date.now() || c.uses >= c.maxUses;
                return (
                  <tr key={c.code} data-testid="code-row" data-code={c.code} className={made === c.code ? 'selected' : ''}>
                    <td className="mono strong">{c.code}{over && <span className="tag tag-closed">{t('console.members.codes.spent')}</span>}</td>
                    <td className="num">{c.uses} / {c.maxUses}</td>
                    <td className="nowrap">{fmtDateTime(c.expiresAt)}</td>
                    <td>{c.note || <span className="muted">—</span>}</td>
                    <td className="actions">
                      <span className="mono small muted join-link" data-testid="code-link">{joinLink(c.code)}</span>{' '}
                      <CopyButton text={joinLink(c.code)} labels={copyLabels} className="btn btn-small" testId="code-copy" />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </QueryView>
      {making && <NewCode onClose={(c) => { setMaking(false); if (c) setMade(c.code); }} />}
    </section>
  );
}

export default function Members() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const standing = (params.get('standing') ?? '') as Standing | '';
  const level = (params.get('level') ?? '') as Level | '';
  const search = params.get('q') ?? '';
  const [typed, setTyped] = useState(search);
  const update = (k: string, v: string) => { const n = new URLSearchParams(params); if (v) n.set(k, v); else n.delete(k); setParams(n, { replace: true }); };
  const q = useInfiniteQuery({
    queryKey: [...sk.members, standing, level, search],
    queryFn: ({ pageParam, signal }) => get<Page<Member>>(`/members${qs({ standing, level, search, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(standing || level || search);
  return (
    <>
      <div className="page-head">
        <h1>{t('console.members.title')}</h1>
        <span className="spacer" />
        <Recompute />
        <Link className="btn" to="/console/membership/policy">{t('console.nav.policy')}</Link>
      </div>
      <p className="hint">{t('console.members.subtitle')}</p>
      <form className="card filters" role="search" onSubmit={(e) => { e.preventDefault(); if (typed.length <= 50) update('q', typed.trim()); }}>
        <div className="chips" role="group" aria-label={t('console.members.standingLabel')} data-testid="standing-chips">
          {(['', ...STANDINGS] as const).map((s) => (
            <button key={s || 'all'} type="button" className={`chip ${standing === s ? 'on' : ''}`} aria-pressed={standing === s} onClick={() => update('standing', s)} data-testid={`standing-${s || 'all'}`}>
              {s ? t(`console.members.standing.${s}`) : t('console.common.all')}
            </button>
          ))}
        </div>
        <label>{t('console.members.level')}
          <select value={level} onChange={(e) => update('level', e.target.value)} data-testid="member-level">
            <option value="">{t('console.common.all')}</option>
            {LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        <label className="grow">{t('common.search')}
          <input type="search" value={typed} maxLength={50} onChange={(e) => setTyped(e.target.value)} placeholder={t('console.members.searchPlaceholder')} data-testid="member-search" />
        </label>
        <button type="submit" className="btn" data-testid="member-search-go">{t('common.search')}</button>
        {filtered && <button type="button" className="btn btn-ghost" onClick={() => { setTyped(''); setParams({}, { replace: true }); }}>{t('console.common.reset')}</button>}
      </form>
      <section className="card flush" data-testid="members">
        {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{filtered ? t('console.common.noMatch') : t('console.members.none')}</Empty> : (
          <>
            <table className="table" data-testid="members-table">
              <thead><tr>
                <th>{t('console.members.name')}</th><th>{t('console.members.phone')}</th><th>{t('console.members.level')}</th><th>{t('console.members.standingLabel')}</th>
                <th>{t('console.members.expires')}</th><th>{t('console.members.inviter')}</th><th className="num">{t('console.members.invitees')}</th><th>{t('console.members.joined')}</th>
              </tr></thead>
              <tbody>
                {items.map((m) => (
                  <tr key={m.id} data-testid="member-row" data-id={m.id}>
                    <td className="strong"><Link to={`/console/members/${m.id}`} data-testid="member-open">{m.name}</Link></td>
                    <td className="num">{m.phone}</td>
                    <td><LevelBadge level={m.level} /></td>
                    <td><StandingTag standing={m.standing} /></td>
                    <td className="nowrap">{fmtDate(m.expiresAt)}</td>
                    <td>{m.invitedBy ? <Link to={`/console/members/${m.invitedBy}`}>{m.inviterName ?? m.invitedBy}</Link> : <span className="muted">{t('console.members.noInviter')}</span>}</td>
                    <td className="num">{m.invitees}</td>
                    <td className="muted nowrap">{fmtDate(m.joinedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore q={q} count={items.length} testId="members-more" />
          </>
        )}
      </section>
      <InviteCodes />
    </>
  );
}
