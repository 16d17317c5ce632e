// Chains: GET /v1/chains, each with its version, agents and steps.
import { api, el, message, start } from './api.js';

function card(chain) {
  return el('section', { class: 'panel', 'aria-labelledby': `chain-${chain.name}`, 'data-chain': chain.name },
    el('h2', { id: `chain-${chain.name}` }, chain.name, ' ', el('span', { class: 'muted' }, `v ${chain.version}`)),
    chain.description ? el('p', {}, chain.description) : null,
    el('p', {}, `Model: ${chain.model || 'the workers\' default'}`),
    el('h3', {}, 'Agents'),
    el('ul', {}, chain.agents.map((a) => el('li', {}, el('strong', {}, a.role), ` (${a.name}`,
      a.model ? `, ${a.model}` : '', `): ${a.goal}`))),
    el('h3', {}, 'Steps'),
    el('ol', {}, chain.steps.map((s) => el('li', {}, `${s.name} by ${s.agent}`))));
}

start(async () => {
  try {
    const catalog = await api('/v1/chains');
    document.getElementById('chains').replaceChildren(...catalog.chains.map(card));
    document.body.dataset.loaded = 'true';
  } catch (e) {
    message(`Could not read the chains: ${e.message}`);
  }
});
