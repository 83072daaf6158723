import { mount } from 'svelte';
import App from './ui/App.svelte';
import { settings } from './ui/state/settings.svelte';
import './ui/styles.css';

// Settings come from the URL before anything renders, so the first paint shows the linked setup.
settings.loadFromLocation();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
