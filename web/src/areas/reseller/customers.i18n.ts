// The reseller app's strings for correcting and deleting a customer, merged under reseller.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  customers: {
    edit: '编辑', editTitle: '编辑客户', saved: '已保存修改', unchanged: '没有改动',
    remove: '删除', removeTitle: '删除客户', removeAsk: '确定删除 {{name}}（{{phone}}）吗？',
    removeHint: '只从通讯录删除，已下的订单不受影响。', removeConfirm: '确认删除', removed: '已删除 {{name}}', cancel: '取消',
  },
}, {
  customers: {
    edit: 'Edit', editTitle: 'Edit customer', saved: 'Changes saved', unchanged: 'Nothing changed',
    remove: 'Delete', removeTitle: 'Delete customer', removeAsk: 'Delete {{name}} ({{phone}})?',
    removeHint: 'Only the address book entry goes; orders already placed stay as they are.', removeConfirm: 'Delete', removed: '{{name}} deleted', cancel: 'Cancel',
  },
});
