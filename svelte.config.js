/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  // Svelte 5 runes everywhere; no legacy `export let` components.
  compilerOptions: { runes: true },
};
