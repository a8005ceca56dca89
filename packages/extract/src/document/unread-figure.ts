/**
 * What a figure OCR saw but could not read prints as in a line of cells (a scanned table read as
 * text): a blank that keeps its place, so the figures after it keep their columns.
 */
export const UNREAD_FIGURE = "□";
