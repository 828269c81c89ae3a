// The cluster's nodes: roles, status, partitions running and their rate.
import { get } from '../api.js';
import { badge, fill, h, table } from '../dom.js';
import { count, rate } from '../format.js';

export function mount(view) {
  const body = h('div');
  fill(view, h('h1', {}, 'Nodes'), body);
  return {
    async refresh() {
      const nodes = await get('/nodes');
      fill(body, table('nodes-table', ['Node', 'Roles', 'Status', 'Partitions running', 'Records/s'], nodes,
        (node) => h('tr', { 'data-node': node.address },
          h('td', {}, node.address, node.self ? h('span', { class: 'self' }, ' (this node)') : null),
          h('td', {}, node.roles.join(', ') || '–'),
          h('td', {}, badge(node.status)),
          h('td', { class: 'num' }, count(node.partitionsRunning)),
          h('td', { class: 'num' }, rate(node.recordsPerSecond))),
        'No nodes known.'));
    },
  };
}
