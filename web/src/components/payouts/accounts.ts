// Payout accounts (收款账户) as every area shows them — a reseller's for withdrawals, a brand's for
// its statements, either on the operator's screens: the kinds, and an account named in one line.
import type { TFunction } from 'i18next';
import './payouts.i18n.ts';

export type PayoutKind = 'bank_card' | 'alipay' | 'wechat';
export const PAYOUT_KINDS: PayoutKind[] = ['bank_card', 'alipay', 'wechat'];

/** An account as the API names it on a withdrawal, a payout or a statement (the number masked). */
export interface AccountView { kind: string; holderName: string; accountNoMasked: string; bankName: string | null }

/** 银行卡, 支付宝, 微信 in the reader's language; a kind the app does not know, as the server wrote it. */
export const kindName = (t: TFunction, kind: string): string => t(`payouts.kind.${kind}`, { defaultValue: kind });

/** 工商银行 · **** 0128 · 小美: the bank (or the kind, when not a card), the masked number, the holder. */
export function accountLine(t: TFunction, a: AccountView | null): string {
  if (!a) return '—';
  return [a.bankName ?? kindName(t, a.kind), a.accountNoMasked, a.holderName].join(' · ');
}
