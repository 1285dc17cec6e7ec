/** The mail settings both sides of the events benchmark use. */
export const MAIL_FROM = 'noreply@bench.example';

export const MAIL_SETTINGS = {
  brand: { instanceName: 'Rotes Netz Bench', primaryColor: '#B5000C' },
  messageDomain: 'bench.example',
  publicUrl: 'https://bench.example',
};
