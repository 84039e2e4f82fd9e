// 操作记录: what operators did that users cannot — ended events early, pulled items, disabled
// logins and resellers, reset passwords — who did it, to what, why and when; by kind of action.
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { OperatorActionsTable, OPERATOR_ACTIONS, type OperatorActionKind } from './controls.tsx';

export default function OperatorActions() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('action') ?? '';
  const action = (OPERATOR_ACTIONS as string[]).includes(raw) ? (raw as OperatorActionKind) : '';
  return (
    <>
      <div className="page-head"><h1>{t('console.controls.actions.title')}</h1></div>
      <p className="hint">{t('console.controls.actions.subtitle')}</p>
      <div className="card filters">
        <label>{t('console.controls.actions.filter')}
          <select value={action} onChange={(e) => setParams(e.target.value ? { action: e.target.value } : {}, { replace: true })} data-testid="actions-filter">
            <option value="">{t('console.controls.actions.all')}</option>
            {OPERATOR_ACTIONS.map((a) => <option key={a} value={a}>{t(`console.controls.actions.action.${a}`)}</option>)}
          </select>
        </label>
      </div>
      <section className="card flush">
        <OperatorActionsTable action={action} />
      </section>
    </>
  );
}
