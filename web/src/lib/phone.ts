// A phone number as screens print it for someone who need not call it: a mainland mobile keeps
// its first three and last four digits (138****5678), as carriers' privacy labels print them.
export const maskPhone = (p: string) => (p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : p);
