/** `yyyy-mm-dd` from a native date input → the ISO instant of local midnight that day. */
export const startOfLocalDay = (date: string) => new Date(`${date}T00:00:00`).toISOString();
/** The ISO instant of local midnight after `date` (an exclusive/inclusive upper bound for a whole day). */
export const endOfLocalDay = (date: string) => {
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return new Date(d.getTime() - 1).toISOString();
};
