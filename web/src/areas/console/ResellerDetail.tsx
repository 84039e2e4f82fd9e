// One reseller: profile, wallet (balance, balances per account, the ledger lines behind them),
// disabling and enabling them (with a reason), and what operators did to them.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { QueryView } from '../../components/states.tsx';
import { LevelBadge } from './ui.tsx';
import { Balances, LedgerLines, OperatorActionsTable, ReasonDialog, type Balance } from './controls.tsx';
import { fmtDate, type Reseller } from './lib.ts';
import { OPERATOR_PRESETS } from '../../lib/reasons.ts';
import { standingTag } from './settlement.ts';

interface Wallet { resellerId: string; currency: string; walletBalance: number; accounts: Balance[] }

export default function ResellerDetail() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { resellerId = '' } = useParams();
  const [toggling, setToggling] = useState(false);
  const r = useQuery({ queryKey: ['console', 'reseller', resellerId], queryFn: ({ signal }) => get<Reseller>(`/resellers/${resellerId}`, signal) });
  const wallet = useQuery({ queryKey: ['console', 'wallet', resellerId], queryFn: ({ signal }) => get<Wallet>(`/resellers/${resellerId}/wallet?limit=1`, signal) });
  return (
    <QueryView q={r}>
      {(x) => {
        const active = x.status === 'active';
        return (
          <>
            <div className="page-head">
              <Link to="/console/resellers" className="btn btn-ghost">← {t('console.controls.reseller.back')}</Link>
              <div className="title-group">
                <h1 data-testid="reseller-name">{x.name}</h1>
                <span className={`tag ${standingTag(x.status)}`} data-testid="reseller-status" data-status={x.status}>{t(`console.resellers.status.${x.status}`, { defaultValue: x.status })}</span>
              </div>
              <Link className="btn" to={`/console/orders?resellerId=${x.id}`}>{t('console.resellers.orders')}</Link>
              {/* Only an active reseller is disabled and only a suspended one enabled: a pending or removed member's membership decides. */}
              {(active || x.status === 'suspended') && (
                <button type="button" className={`btn ${active ? 'btn-danger' : 'btn-primary'}`} onClick={() => setToggling(true)} data-testid="reseller-toggle">
                  {active ? t('console.controls.reseller.disable') : t('console.controls.reseller.enable')}
                </button>
              )}
            </div>
            {x.status === 'suspended' && <p className="notice" data-testid="reseller-disabled-note">{t('console.controls.reseller.disabledNote')}</p>}
            {x.status === 'pending' && <p className="notice" data-testid="reseller-pending-note">{t('console.controls.reseller.pendingNote')}</p>}
            {x.status === 'removed' && <p className="notice" data-testid="reseller-removed-note">{t('console.controls.reseller.removedNote')}</p>}
            <div className="grid two">
              <section className="card">
                <h2>{t('console.controls.reseller.profile')}</h2>
                <dl className="facts">
                  <dt>{t('console.resellers.phone')}</dt><dd className="num">{x.phone}</dd>
                  <dt>{t('console.controls.reseller.level')}</dt><dd><LevelBadge level={x.level} /></dd>
                  <dt>{t('console.controls.reseller.shareCode')}</dt><dd><a className="mono" href={`/s/${x.shareCode}`} target="_blank" rel="noreferrer">{x.shareCode}</a></dd>
                  <dt>{t('console.controls.reseller.expires')}</dt><dd>{fmtDate(x.membershipExpiresAt)}</dd>
                  <dt>{t('console.controls.reseller.joined')}</dt><dd>{fmtDate(x.createdAt)}</dd>
                </dl>
              </section>
              <section className="card" data-testid="reseller-wallet">
                <h2>{t('console.controls.wallet.title')}</h2>
                <QueryView q={wallet}>
                  {(w) => (
                    <>
                      <div className="big-number price" data-testid="wallet-balance">{yuan(w.walletBalance)}</div>
                      <p className="hint">{t('console.controls.wallet.balance')}</p>
                      {w.accounts.length > 0 && <>
                        <h3>{t('console.controls.wallet.accounts')}</h3>
                        <Balances accounts={w.accounts} testId="wallet-accounts" />
                      </>}
                    </>
                  )}
                </QueryView>
              </section>
            </div>
            <section className="card flush">
              <div className="card-head pad"><h2>{t('console.controls.wallet.lines')}</h2></div>
              <LedgerLines path={`/resellers/${x.id}/wallet`} queryKey={['console', 'wallet', x.id]} testId="wallet-lines" />
            </section>
            <section className="card flush">
              <div className="card-head pad"><h2>{t('console.controls.actions.recent')}</h2></div>
              <OperatorActionsTable objectId={x.id} testId="reseller-actions" />
            </section>
            {toggling && (
              <ReasonDialog<Reseller>
                title={t(active ? 'console.controls.reseller.disableTitle' : 'console.controls.reseller.enableTitle', { name: x.name })}
                body={t(active ? 'console.controls.reseller.disableBody' : 'console.controls.reseller.enableBody')} danger={active}
                presets={active ? OPERATOR_PRESETS.resellerDisable : []}
                confirmLabel={active ? t('console.controls.reseller.disable') : t('console.controls.reseller.enable')}
                act={(reason) => post<Reseller>(`/resellers/${x.id}/${active ? 'disable' : 'enable'}`, { reason })}
                onDone={async (next) => {
                  setToggling(false);
                  qc.setQueryData(['console', 'reseller', x.id], next);
                  await Promise.all([qc.invalidateQueries({ queryKey: ['console', 'resellers'] }), qc.invalidateQueries({ queryKey: ['console', 'operator-actions'] })]);
                }}
                onClose={() => setToggling(false)} testId="reseller-toggle-dialog"
              />
            )}
          </>
        );
      }}
    </QueryView>
  );
}
