// First: before the shared contracts build their schemas (lib/zod-jitless.ts).
import './lib/zod-jitless';
import { createApp } from 'vue';
import App from './App.vue';
import './styles.css';

createApp(App).mount('#app');
