import { DATASETS, type Dataset, type DatasetSource } from "../datasets.js";
import type { RecordEncoder } from "../exporters/exporter.js";
import type { OpenDataFile } from "../open-data-layout.js";
import { type Recorded, StreamedFile, type Written, outputPath } from "../output-files.js";

/** One open-data file being written: where it goes, and how its records are written. */
interface OpenFile {
  readonly file: OpenDataFile;
  readonly encoder: RecordEncoder;
  readonly stream: StreamedFile;
}

/** The files a year's records go to, dataset by dataset. */
type YearTargets = readonly { dataset: Dataset; files: readonly OpenFile[] }[];

/**
 * Every file of the open data being written, compressed, as the graded agency-years come: on the
 * publish thread (an exporter that is code of the caller's) or on a thread of its own
 * (`open-data-thread.ts`).
 */
export class OpenDataFiles {
  /** By report year. */
  private readonly targets = new Map<number, YearTargets>();

  private constructor(
    private readonly files: readonly OpenFile[],
    years: readonly number[],
  ) {
    const whole = files.filter((f) => f.file.year === null);
    for (const year of years)
      this.targets.set(
        year,
        DATASETS.map((dataset) => ({
          dataset,
          files: [...whole, ...files.filter((f) => f.file.year === year)].filter(
            (f) => f.file.dataset === dataset,
          ),
        })),
      );
  }

  /**
   * Opens every file. When one cannot be opened (a full disk, an exporter whose extension is not a
   * safe file name), those already open are abandoned: no temporary file is left behind, and nothing
   * that was published is touched.
   */
  static async open(
    outDir: string,
    files: readonly OpenDataFile[],
    years: readonly number[],
  ): Promise<OpenDataFiles> {
    const opened: OpenFile[] = [];
    try {
      for (const file of files) {
        const target = outputPath(outDir, ...file.segments);
        const stream = await StreamedFile.open(outDir, target);
        const encoder = file.exporter.start(file.dataset.columns);
        opened.push({ file, encoder, stream });
        await stream.write(encoder.header());
      }
    } catch (error) {
      for (const { stream } of opened) await stream.abandon();
      throw error;
    }
    return new OpenDataFiles(opened, years);
  }

  /** Every record of one graded agency-year, in every file it belongs to. */
  async write(source: DatasetSource): Promise<void> {
    const targets = this.targets.get(source.grade.year);
    if (!targets) throw new Error(`open data: ${source.grade.year} is not a graded year`);
    for (const { dataset, files } of targets)
      for (const cells of dataset.records(source))
        for (const { encoder, stream } of files) await stream.write(encoder.record(cells));
  }

  /** Ends every file; a file whose bytes are those recorded (or on disk) is kept as it is. */
  async finish(recorded: (path: string) => Recorded | undefined): Promise<Written[]> {
    const written: Written[] = [];
    for (const { encoder, stream } of this.files) {
      await stream.write(encoder.footer());
      written.push(await stream.finish(recorded(stream.path)));
    }
    return written;
  }

  /** Removes every partial file. */
  async abandon(): Promise<void> {
    for (const { stream } of this.files) await stream.abandon();
  }
}
