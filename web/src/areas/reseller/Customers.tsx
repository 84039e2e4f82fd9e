// 客户: my address book — search, add a customer, and start an order for one.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../lib/api.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { PHONE_RE, useCustomers, type Customer } from './data.ts';
import { Sheet, useToast } from './ui.tsx';

const FIELDS = ['name', 'phone', 'province', 'city', 'district', 'detail'] as const;
type Form = Record<(typeof FIELDS)[number] | 'tags', string>;
const MAX: Record<string, number> = { name: 50, phone: 11, province: 40, city: 40, district: 40, detail: 200 };

function AddCustomer({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [f, setF] = useState<Form>({ name: '', phone: '', province: '', city: '', district: '', detail: '', tags: '' });
  const [touched, setTouched] = useState(false);
  const tags = f.tags.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
  const errors: Record<string, string> = {};
  for (const k of FIELDS) if (!f[k].trim()) errors[k] = 'required'; else if (f[k].trim().length > MAX[k]) errors[k] = 'tooLong';
  if (f.phone && !PHONE_RE.test(f.phone.trim())) errors.phone = 'phone';
  if (tags.length > 20 || tags.some((x) => x.length > 20)) errors.tags = 'tags';
  const m = useMutation({
    mutationFn: () => post<Customer>('/reseller/customers', { ...Object.fromEntries(FIELDS.map((k) => [k, f[k].trim()])), ...(tags.length ? { tags } : {}) }),
    onSuccess: async () => { toast(t('reseller.customers.added')); await qc.invalidateQueries({ queryKey: ['reseller', 'customers'] }); onClose(); },
  });
  return (
    <Sheet title={t('reseller.customers.add')} onClose={onClose} testId="add-customer">
      <form className="stack-12" noValidate onSubmit={(e) => { e.preventDefault(); setTouched(true); if (!Object.keys(errors).length) m.mutate(); }}>
        {[...FIELDS, 'tags' as const].map((k) => (
          <div className="rs-field" key={k}>
            <label htmlFor={`c-${k}`}>{t(k === 'tags' ? 'reseller.customers.tags' : `reseller.draft.${k}`)}</label>
            <input id={`c-${k}`} value={f[k]} onChange={(e) => setF((x) => ({ ...x, [k]: e.target.value }))} inputMode={k === 'phone' ? 'tel' : undefined}
              aria-invalid={touched && Boolean(errors[k])} placeholder={k === 'tags' ? t('reseller.customers.tagsHint') : undefined} />
            {touched && errors[k] && <span className="field-error">{t(`reseller.draft.err.${errors[k]}`)}</span>}
          </div>
        ))}
        {m.error ? <ErrorState error={m.error} /> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={m.isPending}>{t('common.save')}</button>
      </form>
    </Sheet>
  );
}

export default function Customers() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const [adding, setAdding] = useState(false);
  useEffect(() => { const h = setTimeout(() => setSearch(input.trim()), 300); return () => clearTimeout(h); }, [input]);
  const q = useCustomers(search);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div className="row">
        <input id="cust-search" type="search" className="rs-grow" value={input} onChange={(e) => setInput(e.target.value)} placeholder={t('reseller.customers.searchHint')} aria-label={t('common.search')} />
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="add-customer-btn">{t('reseller.customers.add')}</button>
      </div>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{search ? t('reseller.customers.noMatch') : t('reseller.customers.none')}</Empty> : (
        <ul className="rs-list rs-plain">
          {items.map((c) => (
            <li key={c.id} className="card rs-customer" data-testid="customer-row">
              <div className="row"><b>{c.name}</b><a className="num" href={`tel:${c.phone}`}>{c.phone}</a><span className="spacer" />
                <button type="button" className="btn btn-small" onClick={() => navigate('/reseller/events', { state: { forCustomer: c } })}>{t('reseller.customers.orderFor')}</button>
              </div>
              <p className="muted">{c.province}{c.city !== c.province ? c.city : ''}{c.district} {c.detail}</p>
              {c.tags.length > 0 && <div className="rs-chips">{c.tags.map((x) => <span key={x} className="tag">{x}</span>)}</div>}
            </li>
          ))}
        </ul>
      )}
      {q.hasNextPage && <button type="button" className="btn btn-block" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>{t('common.more')}</button>}
      {adding && <AddCustomer onClose={() => setAdding(false)} />}
    </>
  );
}
