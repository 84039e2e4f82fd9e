// What `npm start` prints once the platform is up.
import type { Config } from '../platform/config.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from './logins.ts';

export function banner(config: Config): string {
  const u = config.publicUrl;
  return [
    '',
    `  Sellthrough is running · 爱清仓 S2B2C`,
    '',
    `  Console         ${u}/console      (operator 运营后台)`,
    `  Brand portal    ${u}/brand        (品牌商门户)`,
    `  Reseller app    ${u}/reseller     (代购, phone-sized)`,
    `  API             ${u}/api/v1`,
    `  API docs        ${u}/api/docs`,
    `  OpenAPI         ${u}/api/openapi.json`,
    `  Health          ${u}/health · ${u}/ready`,
    `  Database        ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL, data in ${config.dataDir}`}`,
    '',
    `  Demo logins (password ${DEMO_PASSWORD}):`,
    `    operator      ${DEMO_LOGINS.operator.phone}`,
    ...DEMO_LOGINS.brands.map((b) => `    brand         ${b.phone}  (${b.brandKey})`),
    ...DEMO_LOGINS.resellers.map((r) => `    reseller      ${r.phone}  (${r.name}, ${r.level})`),
    '',
    '  Log in:  curl -s -X POST ' + u + `/api/v1/auth/login -H 'content-type: application/json' -d '{"phone":"${DEMO_LOGINS.operator.phone}","password":"${DEMO_PASSWORD}"}'`,
    '  Ctrl-C stops the platform and its database.',
    '',
  ].join('\n');
}
