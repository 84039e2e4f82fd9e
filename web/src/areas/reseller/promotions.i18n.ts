// The reseller app's red packet strings (merged under reseller.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  tabs: { redPackets: '红包' },
  titles: { 'red-packets': '红包' },
  rp: {
    wallet: '钱包余额', buy: '买红包', buyTitle: '用钱包余额买红包', title: '红包标题', titleDefault: '老客专享红包',
    amountEach: '每个金额（元）', count: '个数', minSpend: '满多少可用（元，0 为无门槛）', validDays: '有效天数',
    total: '合计 {{amount}}，从钱包扣除', pay: '支付 {{amount}}', buyHint: '红包由你出资：顾客用掉的部分由你承担；过期未用的红包金额自动退回钱包。',
    none: '还没有红包。买一批送给老客户，带动复购。', each: '每个 {{amount}}', min: '满 {{amount}} 可用', noMin: '无门槛', expires: '{{time}} 过期',
    counts: { issued: '未送出', gifted: '已赠送', used: '已使用', expired: '已过期退回' },
    status: { issued: '未送出', gifted: '已赠送', used: '已使用', expired: '已过期' },
    gift: '送给客户', giftTitle: '选择要送的客户', giftHint: '每位客户一个红包，还可送 {{n}} 个', giftSubmit: '送出 {{n}} 个', gifted: '已送出 {{n}} 个红包',
    copyLink: '复制领取链接', copied: '链接已复制，发到群里或私聊吧', copyFailed: '复制失败，请长按链接复制', noneLeft: '这批红包已全部送出',
    packets: '红包明细', code: '码', to: '送给 {{name}}', order: '订单', showPackets: '查看明细', hidePackets: '收起',
    err: { title: '请填写标题', amount: '请输入 0.01–1000 元', count: '请输入 1–500 的整数', minSpend: '请输入金额', days: '请输入 1–90 的整数', pick: '请至少选择一位客户' },
    bought: '已买入 {{count}} 个红包',
  },
}, {
  tabs: { redPackets: 'Packets' },
  titles: { 'red-packets': 'Red packets' },
  rp: {
    wallet: 'Wallet', buy: 'Buy red packets', buyTitle: 'Buy red packets from my wallet', title: 'Title', titleDefault: 'Thank-you red packet',
    amountEach: 'Amount each (¥)', count: 'How many', minSpend: 'Minimum spend (¥, 0 for none)', validDays: 'Valid for (days)',
    total: 'Total {{amount}}, paid from the wallet', pay: 'Pay {{amount}}', buyHint: 'You fund red packets: what customers use is your cost; packets that expire unused return their money to your wallet.',
    none: 'No red packets yet. Buy a batch and gift it to regular customers to bring them back.', each: '{{amount}} each', min: 'Min. spend {{amount}}', noMin: 'No minimum', expires: 'Expires {{time}}',
    counts: { issued: 'Not sent', gifted: 'Gifted', used: 'Used', expired: 'Expired, refunded' },
    status: { issued: 'Not sent', gifted: 'Gifted', used: 'Used', expired: 'Expired' },
    gift: 'Gift to customers', giftTitle: 'Choose customers', giftHint: 'One packet per customer; {{n}} left to give', giftSubmit: 'Gift {{n}}', gifted: '{{n}} red packets gifted',
    copyLink: 'Copy a claim link', copied: 'Link copied: paste it into a chat', copyFailed: 'Could not copy: press and hold the link', noneLeft: 'Every packet of this batch has been given',
    packets: 'Packets', code: 'Code', to: 'To {{name}}', order: 'Order', showPackets: 'Show packets', hidePackets: 'Hide',
    err: { title: 'Enter a title', amount: 'Enter ¥0.01–1,000', count: 'Enter a whole number from 1 to 500', minSpend: 'Enter an amount', days: 'Enter a whole number from 1 to 90', pick: 'Choose at least one customer' },
    bought: '{{count}} red packets bought',
  },
});
