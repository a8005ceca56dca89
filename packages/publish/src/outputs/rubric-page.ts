import type { Output } from "../output.js";
import { rubricView } from "../render/rubric-view.js";

/**
 * The 评分细则 page of the rubric the run publishes by (`rubric/v<version>.html`), which every page's
 * footer links: the grade scale, each dimension's points and how it is scored, the caps. Pages of
 * earlier versions stay, so cards published by them keep their link.
 */
export const rubricPageOutput: Output = {
  name: "rubric page",
  async open(run) {
    return {
      async finish() {
        const file = run.common.rubricPath;
        const view = rubricView(run.rubric, run.dimensions, run.common);
        await run.write(file.split("/"), run.templates.rubric(view), {
          kind: "rubric",
          recorded: run.shared.get(file),
        });
      },
    };
  },
};
