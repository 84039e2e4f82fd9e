// The reseller app's words for parcels and tracking (物流), merged under reseller.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  tracking: {
    title: '物流信息', seeTracking: '点开查看运单号和物流轨迹', waybill: '运单号', copy: '复制', copied: '运单号已复制，去聊天里发给顾客吧', noCarrier: '快递待分配',
    noWaybill: '打包后生成运单号', noEvents: '快递尚未揽收，揽收后这里会显示物流轨迹', waiting: '商品到仓后分拣打包发出，发货后这里会显示运单号和物流轨迹。',
    seq: '包裹 {{seq}}/{{of}}', merged: '同一包裹共 {{n}} 件（含该顾客的其他订单）',
    carrier: { sandbox: '沙箱快递' },
    status: { packing: '仓库打包中', packed: '待揽收', shipped: '运输中', delivered: '已签收', returned: '已退回' },
  },
}, {
  tracking: {
    title: 'Tracking', seeTracking: 'Open for the waybill and tracking', waybill: 'Waybill', copy: 'Copy', copied: 'Waybill number copied. Paste it into the chat with your customer', noCarrier: 'Carrier to be assigned',
    noWaybill: 'The waybill is made when the parcel is packed', noEvents: 'Not collected by the courier yet; the tracking shows here once it is', waiting: 'Sorted and packed once the goods reach the warehouse; the waybill and tracking show here when it ships.',
    seq: 'Parcel {{seq}}/{{of}}', merged: '{{n}} items in this parcel (with the customer’s other orders)',
    carrier: { sandbox: 'Sandbox Express' },
    status: { packing: 'Being packed', packed: 'Awaiting pickup', shipped: 'In transit', delivered: 'Delivered', returned: 'Returned' },
  },
});
