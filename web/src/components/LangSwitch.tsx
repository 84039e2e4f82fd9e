import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';

export function LangSwitch() {
  const { i18n, t } = useTranslation();
  const qc = useQueryClient();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <button type="button" className="btn btn-ghost lang-switch" aria-label={t('common.language')} data-testid="lang-switch"
      onClick={() => { void i18n.changeLanguage(next).then(() => qc.invalidateQueries()); }}>
      {next === 'en' ? 'EN' : '中文'}
    </button>
  );
}
