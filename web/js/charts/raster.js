// Every heatmap of the page goes through here: a grid of values turned into pixels by a colour
// function (one of ./ramps.js), row 0 at the bottom as on a plot's y axis. The decision boundary,
// the network view's units, the phase diagram, the descent surface, the layer × step heatmap and the
// activation histograms all draw this way.

// Writes columns × rows pixels into `image` (an ImageData of that size): pixel (column, row) gets
// rgbAt(column, row) -> [r, g, b], opaque; row 0 is the image's bottom line.
export function rasterize(image, columns, rows, rgbAt) {
  const { data } = image;
  for (let row = 0; row < rows; row += 1) {
    const line = (rows - 1 - row) * columns;
    for (let column = 0; column < columns; column += 1) {
      const rgb = rgbAt(column, row);
      const pixel = (line + column) * 4;
      data[pixel] = rgb[0];
      data[pixel + 1] = rgb[1];
      data[pixel + 2] = rgb[2];
      data[pixel + 3] = 255;
    }
  }
  return image;
}

// Paints a res × res grid of the core (row-major, row 0 at the bottom) onto `canvas`, one pixel per
// value, each coloured by rgbOf(value); `offset` is where the grid starts in `values`. Returns the
// canvas, ready to be drawn scaled up.
export function paintGrid(canvas, { values, offset = 0, res, rgbOf }) {
  if (canvas.width !== res || canvas.height !== res) Object.assign(canvas, { width: res, height: res });
  const context = canvas.getContext('2d');
  const image = rasterize(context.createImageData(res, res), res, res,
    (column, row) => rgbOf(values[offset + row * res + column]));
  context.putImageData(image, 0, 0);
  return canvas;
}

// paintGrid into `scratch` (a canvas the caller keeps, so frames allocate nothing), then drawn into a
// rectangle of `context`, smoothed as it is scaled up.
export function drawGrid(context, scratch, { values, offset = 0, res, rgbOf, x, y, width, height }) {
  paintGrid(scratch, { values, offset, res, rgbOf });
  context.imageSmoothingEnabled = true;
  context.drawImage(scratch, x, y, width, height);
}
