// The demo logins the seeder creates and `npm start` prints. All share one password.
export const DEMO_PASSWORD = 'demo1234';

export const DEMO_LOGINS = {
  operator: { phone: '13800000000', name: '运营小王' },
  brands: [
    { phone: '13900000001', brandKey: 'urban' },
    { phone: '13900000002', brandKey: 'kids' },
    { phone: '13900000003', brandKey: 'beauty' },
  ],
  resellers: [
    { phone: '13700000001', name: '李丽', level: 'V5' },
    { phone: '13700000002', name: '王芳', level: 'V3' },
    { phone: '13700000003', name: '张敏', level: 'V1' },
  ],
} as const;
