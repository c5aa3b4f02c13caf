// Paths in one place so pages link to each other without string typos.
export const paths = {
  home: "/",
  contacts: "/contacts",
  unit: (id: number) => `/contacts/${id}`,
  comingSoon: (feature: string) => `/coming-soon/${feature}`,
};

/** Quick action key → where it goes. Capabilities not built yet get an honest "Sắp ra mắt" page. */
export function actionPath(key: string): string {
  return key === "contacts" ? paths.contacts : paths.comingSoon(key);
}
