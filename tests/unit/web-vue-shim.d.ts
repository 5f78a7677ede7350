// Root tsc checks tests/ without the Vue plugin: .vue imports are typed as components here
// (the web's own check is `vue-tsc -p web`).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';

  const component: DefineComponent<Record<string, unknown>, object, unknown>;
  export default component;
}
