// A live countdown to a sale event's start or end.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

function parts(ms: number) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return { d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600), m: Math.floor((s % 3600) / 60), s: s % 60 };
}

export function Countdown({ startsAt, endsAt }: { startsAt: string; endsAt: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => { const id = setInterval(() => setNow(Date.now()), 1000); return () => clearInterval(id); }, []);
  const start = Date.parse(startsAt), end = Date.parse(endsAt);
  if (now >= end) return <span className="countdown ended">{t('countdown.ended')}</span>;
  const target = now < start ? start : end;
  const p = parts(target - now);
  const time = `${p.d ? t('countdown.days', { d: p.d }) : ''}${String(p.h).padStart(2, '0')}:${String(p.m).padStart(2, '0')}:${String(p.s).padStart(2, '0')}`;
  return <span className={`countdown ${now < start ? 'upcoming' : 'live'}`} data-testid="countdown" data-target={new Date(target).toISOString()}>{t(now < start ? 'countdown.startsIn' : 'countdown.endsIn', { time })}</span>;
}
