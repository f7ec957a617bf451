/**
 * The r1-tutor JupyterLab plugin: "Ask the tutor about this cell" and "Insert practice problem", in the command
 * palette and the notebook cell context menu. The renderer itself is the mime extension in ./mime.ts.
 */

import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import type { ICell } from '@jupyterlab/nbformat';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import { askCellSource, practiceCellSource } from './cellText';

export namespace CommandIDs {
  export const ask = 'r1-tutor:ask-about-cell';
  export const practice = 'r1-tutor:insert-practice';
}

const CATEGORY = 'R1 Tutor';

/** Insert a code cell below the active one, select it and put the cursor in it. */
function insertBelow(panel: NotebookPanel, source: string): void {
  const notebook = panel.content;
  const model = notebook.model;
  if (!model) {
    return;
  }
  const index = notebook.activeCellIndex + 1;
  model.sharedModel.insertCell(index, { cell_type: 'code', source, metadata: {} });
  notebook.activeCellIndex = index;
  notebook.deselectAll();
  const cell = notebook.activeCell;
  if (cell) {
    void notebook.scrollToCell(cell);
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'r1-tutor:commands',
  description: 'Ask the tutor about a cell; insert a practice problem.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, palette: ICommandPalette | null) => {
    const { commands } = app;
    const hasNotebook = (): boolean => tracker.currentWidget !== null && tracker.currentWidget === app.shell.currentWidget;

    commands.addCommand(CommandIDs.ask, {
      label: 'Ask the tutor about this cell',
      caption: 'Insert a %%tutor cell below with this cell’s problem (or its code and error)',
      isEnabled: () => hasNotebook() && tracker.activeCell !== null,
      execute: () => {
        const panel = tracker.currentWidget;
        const cell = tracker.activeCell;
        if (!panel || !cell) {
          return;
        }
        const source = askCellSource(cell.model.toJSON() as ICell);
        if (source !== null) {
          insertBelow(panel, source);
        }
      }
    });

    commands.addCommand(CommandIDs.practice, {
      label: 'Insert practice problem',
      caption: 'Insert a %tutor practice cell below',
      isEnabled: () => hasNotebook(),
      execute: args => {
        const panel = tracker.currentWidget;
        if (panel) {
          const topic = typeof args.topic === 'string' ? args.topic : undefined;
          insertBelow(panel, practiceCellSource(topic));
        }
      }
    });

    if (palette) {
      palette.addItem({ command: CommandIDs.ask, category: CATEGORY });
      palette.addItem({ command: CommandIDs.practice, category: CATEGORY });
    }
    app.contextMenu.addItem({ type: 'separator', selector: '.jp-Notebook .jp-Cell', rank: 20 });
    app.contextMenu.addItem({ command: CommandIDs.ask, selector: '.jp-Notebook .jp-Cell', rank: 21 });
    app.contextMenu.addItem({ command: CommandIDs.practice, selector: '.jp-Notebook .jp-Cell', rank: 22 });
  }
};

export default plugin;
