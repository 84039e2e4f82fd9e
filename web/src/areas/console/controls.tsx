// Building blocks of the operator's controls: the dialog that asks why before an action that
// changes something (the reason goes into the operator actions record), a party's ledger lines
// (a reseller's wallet, a brand's payable) and the operator actions record itself.
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { FormError, LoadMore, Modal, ReasonChips } from './ui.tsx';
import { fmtDateTime, qs, type Page } from './lib.ts';
import { reasonChips, reasonText } from '../../lib/reasons.ts';
import type { PresetReason } from '../../../../src/platform/reasons.ts';
import './controls.i18n.ts';
import './controls.css';

export type OperatorActionKind = 'sale_event_ended_early' | 'sale_event_sku_pulled' | 'user_disabled' | 'user_enabled' | 'reseller_disabled' | 'reseller_enabled' | 'password_reset';
export const OPERATOR_ACTIONS: OperatorActionKind[] = ['sale_event_ended_early', 'sale_event_sku_pulled', 'user_disabled', 'user_enabled', 'reseller_disabled', 'reseller_enabled', 'password_reset'];
export interface OperatorAction {
  id: string; at: string; action: OperatorActionKind; objectKind: 'sale_event' | 'event_sku' | 'user' | 'reseller'; objectId: string;
  /** What the object is called now (event title, product · colour · size, a name); null when it is gone. */
  objectName: string | null;
  reason: string; detail: Record<string, unknown>; actorUserId: string; actorName: string | null;
}
export interface LedgerLine { lineId: string; entryId: string; at: string; kind: string; causeType: string; causeId: string; causeNo: string | null; memo: string; account: string; currency: string; amount: number }
export interface Balance { account: string; balance: number }

/**
 * Asks for the reason before an operator action, with a few common ones to pick (their codes are
 * sent, so the record says them in each reader's language; typed words go as typed); runs `act`
 * with it and hands its answer to `onDone`. The server refuses an empty reason too.
 */
export function ReasonDialog<T>({ title, body, presets, confirmLabel, act, onDone, onClose, testId, danger }: {
  title: string; body: string; presets: readonly PresetReason[]; confirmLabel: string; act: (reason: string) => Promise<T>; onDone: (r: T) => void; onClose: () => void; testId: string; danger?: boolean;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const trimmed = reason.trim();
  const invalid = !trimmed || trimmed.length > 200;
  const { chips, sent } = reasonChips(t, presets);
  const m = useMutation({ mutationFn: () => act(sent(trimmed)), onSuccess: onDone });
  return (
    <Modal title={title} onClose={onClose} testId={testId}>
      <form className="stack" onSubmit={(e) => { e.preventDefault(); setTouched(true); if (!invalid) m.mutate(); }} noValidate>
        <p className="notice">{body}</p>
        <ReasonChips chips={chips} value={reason} onPick={setReason} label={t('console.controls.reason')} />
        <div className="field">
          <label htmlFor={`${testId}-reason`}>{t('console.controls.reason')}</label>
          <textarea id={`${testId}-reason`} rows={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={touched && invalid} data-testid="control-reason" />
          {touched && invalid ? <span className="field-error">{t('console.controls.reasonRequired')}</span> : <span className="hint">{t('console.controls.reasonHint')}</span>}
        </div>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} disabled={m.isPending} data-testid="control-confirm">{m.isPending ? t('console.controls.working') : confirmLabel}</button>
        </div>
      </form>
    </Modal>
  );
}

export const accountName = (t: (k: string, o?: Record<string, unknown>) => string, account: string) => t(`console.controls.wallet.account.${account}`, { defaultValue: account });

/** Balances per account, owed-to-the-party positive. */
export function Balances({ accounts, testId }: { accounts: Balance[]; testId?: string }) {
  const { t } = useTranslation();
  if (accounts.length === 0) return null;
  return (
    <dl className="facts" data-testid={testId}>
      {accounts.map((a) => <Fragment key={a.account}><dt data-testid="balance-account" data-account={a.account}>{accountName(t, a.account)}</dt><dd className="num">{yuan(a.balance)}</dd></Fragment>)}
    </dl>
  );
}

/** A party's ledger lines, newest first, paged; `path` answers { items, nextCursor } beside its balances. */
export function LedgerLines({ path, queryKey, testId }: { path: string; queryKey: readonly unknown[]; testId: string }) {
  const { t } = useTranslation();
  const q = useInfiniteQuery({
    queryKey: [...queryKey, 'lines'],
    queryFn: ({ pageParam, signal }) => get<Page<LedgerLine>>(`${path}${qs({ cursor: pageParam, limit: 20 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (items.length === 0) return <Empty>{t('console.controls.wallet.none')}</Empty>;
  return (
    <>
      <table className="table" data-testid={testId}>
        <thead><tr>
          <th>{t('console.controls.wallet.column.at')}</th><th>{t('console.controls.wallet.column.account')}</th><th>{t('console.controls.wallet.column.kind')}</th>
          <th>{t('console.controls.wallet.column.cause')}</th><th className="num">{t('console.controls.wallet.column.amount')}</th>
        </tr></thead>
        <tbody>
          {items.map((l) => (
            <tr key={l.lineId} data-testid="ledger-line">
              <td className="muted">{fmtDateTime(l.at)}</td>
              <td data-testid="ledger-account" data-account={l.account}>{accountName(t, l.account)}</td>
              <td data-testid="ledger-kind" data-kind={l.kind}>{t(`console.controls.wallet.entry.${l.kind}`, { defaultValue: l.kind })}</td>
              <td data-testid="ledger-cause">{l.causeType === 'order'
                ? <Link className="num" to={`/console/orders?q=${l.causeNo ?? l.causeId}`} title={l.causeId}>{l.causeNo ?? l.causeId}</Link>
                : <>{t(`console.controls.wallet.causeOf.${l.causeType}`, { defaultValue: l.causeType })} <span className={`small muted ${l.causeNo ? 'num' : 'mono'}`} title={l.causeId}>{l.causeNo ?? l.causeId}</span></>}</td>
              <td className={`num strong ${l.amount < 0 ? 'neg' : ''}`}>{l.amount > 0 ? '+' : ''}{yuan(l.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore q={q} count={items.length} testId={`${testId}-more`} />
    </>
  );
}

/** One action's outcome in words: units returned, orders released, sessions ended. */
export function ActionDetail({ detail }: { detail: Record<string, unknown> }) {
  const { t } = useTranslation();
  const parts = (['unpaidOrders', 'returnedUnits', 'heldUnits', 'endedSessions'] as const)
    .filter((k) => typeof detail[k] === 'number')
    .map((k) => t(`console.controls.actions.detail.${k}`, { count: detail[k] as number }));
  return <span className="muted small">{parts.join(' · ') || '—'}</span>;
}

function objectLink(a: OperatorAction): string | null {
  if (a.objectKind === 'sale_event') return `/console/events/${a.objectId}`;
  if (a.objectKind === 'event_sku' && typeof a.detail.saleEventId === 'string') return `/console/events/${a.detail.saleEventId}`;
  if (a.objectKind === 'reseller') return `/console/resellers/${a.objectId}`;
  // The logins page finds by name or phone, not by id.
  if (a.objectKind === 'user') return a.objectName ? `/console/users?q=${encodeURIComponent(a.objectName)}` : null;
  return null;
}

/** The operator actions record, newest first: all, of one kind, or on one object. */
export function OperatorActionsTable({ action, objectId, saleEventId, testId = 'operator-actions' }: { action?: OperatorActionKind | ''; objectId?: string; saleEventId?: string; testId?: string }) {
  const { t } = useTranslation();
  const q = useInfiniteQuery({
    queryKey: ['console', 'operator-actions', action ?? '', objectId ?? '', saleEventId ?? ''],
    queryFn: ({ pageParam, signal }) => get<Page<OperatorAction>>(`/operator-actions${qs({ action, objectId, saleEventId, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (items.length === 0) return <Empty>{t('console.controls.actions.none')}</Empty>;
  return (
    <>
      <table className="table" data-testid={testId}>
        <thead><tr>
          <th>{t('console.controls.actions.column.at')}</th><th>{t('console.controls.actions.column.who')}</th><th>{t('console.controls.actions.column.what')}</th>
          <th>{t('console.controls.actions.column.object')}</th><th>{t('console.controls.actions.column.reason')}</th><th>{t('console.controls.actions.column.detail')}</th>
        </tr></thead>
        <tbody>
          {items.map((a) => {
            const to = objectLink(a);
            return (
              <tr key={a.id} data-testid="operator-action" data-action={a.action}>
                <td className="muted nowrap">{fmtDateTime(a.at)}</td>
                <td className="nowrap">{a.actorName ?? <span className="mono small">{a.actorUserId}</span>}</td>
                <td className="strong nowrap">{t(`console.controls.actions.action.${a.action}`)}</td>
                <td data-testid="action-object">
                  {t(`console.controls.actions.object.${a.objectKind}`)} · {to ? <Link to={to} title={a.objectId}>{a.objectName ?? a.objectId}</Link> : <span title={a.objectId}>{a.objectName ?? a.objectId}</span>}
                </td>
                <td data-testid="action-reason" data-reason={a.reason}>{reasonText(t, a.reason)}</td>
                <td><ActionDetail detail={a.detail} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <LoadMore q={q} count={items.length} />
    </>
  );
}
