/** Placeholder: the methods engineer fills this with apply/evaluate/search calls. */
export const methodsApi = {};
