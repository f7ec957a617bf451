/**
 * The mime renderer extension for `application/vnd.r1-tutor.v1+json`. Rank 20 (< Markdown's 60 and HTML's 50) so
 * it wins over the bundle's text/markdown fallback; `safe` because everything is sanitized or set as text, so saved
 * output renders in untrusted notebooks and after a reload with no kernel.
 */

import { IRenderMime } from '@jupyterlab/rendermime-interfaces';

import { MIME_TYPE } from './payload';
import { TutorRenderer } from './renderer';

export const RANK = 20;

export const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [MIME_TYPE],
  defaultRank: RANK,
  createRenderer: options => new TutorRenderer(options)
};

const extension: IRenderMime.IExtension = {
  id: 'r1-tutor:renderer',
  description: 'Renders r1-tutor answers: live reasoning, typeset answer, SymPy badge.',
  rendererFactory,
  rank: RANK,
  dataType: 'json'
};

export default extension;
