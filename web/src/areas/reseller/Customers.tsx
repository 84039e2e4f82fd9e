// 客户: my address book — search, add, correct or delete a customer, and start an order for one.
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import Buyers from './Buyers.tsx';
import './data.i18n.ts';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, post } from '../../lib/api.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { PHONE_RE, useCustomers, type Customer } from './data.ts';
import { Sheet, useToast } from './ui.tsx';
import './customers.i18n.ts';

const FIELDS = ['name', 'phone', 'province', 'city', 'district', 'detail'] as const;
type Form = Record<(typeof FIELDS)[number] | 'tags', string>;
const MAX: Record<string, number> = { name: 50, phone: 11, province: 40, city: 40, district: 40, detail: 200 };

const blank: Form = { name: '', phone: '', province: '', city: '', district: '', detail: '', tags: '' };
const splitTags = (s: string) => s.split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean);

/** Add a customer, or correct one (only the fields that changed are sent). */
function CustomerForm({ customer, onClose }: { customer?: Customer; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const initial: Form = customer ? { ...Object.fromEntries(FIELDS.map((k) => [k, customer[k]])) as Record<(typeof FIELDS)[number], string>, tags: customer.tags.join(', ') } : blank;
  const [f, setF] = useState<Form>(initial);
  const [touched, setTouched] = useState(false);
  const tags = splitTags(f.tags);
  const errors: Record<string, string> = {};
  for (const k of FIELDS) if (!f[k].trim()) errors[k] = 'required'; else if (f[k].trim().length > MAX[k]) errors[k] = 'tooLong';
  if (f.phone && !PHONE_RE.test(f.phone.trim())) errors.phone = 'phone';
  if (tags.length > 20 || tags.some((x) => x.length > 20)) errors.tags = 'tags';
  const changes = (): Record<string, unknown> => {
    const all: Record<string, unknown> = Object.fromEntries(FIELDS.map((k) => [k, f[k].trim()]));
    if (!customer) return tags.length ? { ...all, tags } : all;
    const diff: Record<string, unknown> = Object.fromEntries(FIELDS.filter((k) => f[k].trim() !== customer[k]).map((k) => [k, f[k].trim()]));
    if (tags.join('\u0000') !== customer.tags.join('\u0000')) diff.tags = tags;
    return diff;
  };
  const m = useMutation({
    mutationFn: async () => {
      const body = changes();
      if (!customer) return post<Customer>('/reseller/customers', body);
      if (Object.keys(body).length === 0) return null;
      return api<Customer>('PATCH', `/reseller/customers/${customer.id}`, { body });
    },
    onSuccess: async (saved) => {
      toast(t(!customer ? 'reseller.customers.added' : saved ? 'reseller.customers.saved' : 'reseller.customers.unchanged'));
      await qc.invalidateQueries({ queryKey: ['reseller', 'customers'] });
      onClose();
    },
  });
  return (
    <Sheet title={t(customer ? 'reseller.customers.editTitle' : 'reseller.customers.add')} onClose={onClose} testId={customer ? 'edit-customer' : 'add-customer'}>
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

/** Deleting asks first: the name and phone, and that orders stay. */
function RemoveCustomer({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const m = useMutation({
    mutationFn: () => api<{ ok: true }>('DELETE', `/reseller/customers/${customer.id}`),
    onSuccess: async () => {
      toast(t('reseller.customers.removed', { name: customer.name }));
      await qc.invalidateQueries({ queryKey: ['reseller', 'customers'] });
      onClose();
    },
  });
  return (
    <Sheet title={t('reseller.customers.removeTitle')} onClose={onClose} testId="remove-customer">
      <div className="stack-12">
        <p>{t('reseller.customers.removeAsk', { name: customer.name, phone: customer.phone })}</p>
        <p className="muted">{t('reseller.customers.removeHint')}</p>
        {m.error ? <ErrorState error={m.error} /> : null}
        <div className="row rs-sheet-buttons">
          <button type="button" className="btn rs-grow" onClick={onClose}>{t('reseller.customers.cancel')}</button>
          <button type="button" className="btn btn-primary rs-grow" onClick={() => m.mutate()} disabled={m.isPending} data-testid="remove-customer-confirm">{t('reseller.customers.removeConfirm')}</button>
        </div>
      </div>
    </Sheet>
  );
}

function AddressBook() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Customer | null>(null);
  const [removing, setRemoving] = useState<Customer | null>(null);
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
              <div className="row"><b>{c.name}</b><a className="num rs-tel" href={`tel:${c.phone}`}>{c.phone}</a></div>
              <p className="muted">{c.province}{c.city !== c.province ? c.city : ''}{c.district} {c.detail}</p>
              {c.tags.length > 0 && <div className="rs-chips">{c.tags.map((x) => <span key={x} className="tag">{x}</span>)}</div>}
              <div className="row rs-customer-actions">
                <button type="button" className="btn btn-small" onClick={() => setEditing(c)} data-testid="customer-edit">{t('reseller.customers.edit')}</button>
                <button type="button" className="btn btn-small" onClick={() => setRemoving(c)} data-testid="customer-remove">{t('reseller.customers.remove')}</button>
                <span className="spacer" />
                <button type="button" className="btn btn-small btn-primary" onClick={() => navigate('/reseller/events', { state: { forCustomer: c } })}>{t('reseller.customers.orderFor')}</button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {q.hasNextPage && <button type="button" className="btn btn-block" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>{t('common.more')}</button>}
      {adding && <CustomerForm onClose={() => setAdding(false)} />}
      {editing && <CustomerForm key={editing.id} customer={editing} onClose={() => setEditing(null)} />}
      {removing && <RemoveCustomer customer={removing} onClose={() => setRemoving(null)} />}
    </>
  );
}

/** 客户: the address book I keep, and the buyers my orders tell of (with derived tags). */
export default function Customers() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'buyers' ? 'buyers' : 'book';
  return (
    <div className="stack-12">
      <div className="rs-filters" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'book'} className={`rs-filter ${tab === 'book' ? 'active' : ''}`} onClick={() => setParams({})}>{t('reseller.buyers.book')}</button>
        <button type="button" role="tab" aria-selected={tab === 'buyers'} className={`rs-filter ${tab === 'buyers' ? 'active' : ''}`} onClick={() => setParams({ tab: 'buyers' })} data-testid="tab-buyers">{t('reseller.buyers.tab')}</button>
      </div>
      {tab === 'buyers' ? <Buyers /> : <AddressBook />}
    </div>
  );
}
