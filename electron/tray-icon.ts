import { nativeImage, type NativeImage } from 'electron';

// A 32×32 copper disc with an upward arrow (made with sharp from an SVG; 608 bytes), until the
// packaging work brings the app's real icon set.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAMAAABEpIrGAAAA0lBMVEVMaXG3czm6dTe3czq3cjq3czm4cjq3czrMZjO3czq3dTq4czq4czm0eDy4cjm4czq3cjm5czy3czmqfyq3cjm3czm3czm4cjq3cjm5dDi4cTi4czq5czm3czq4cjm3czq2czm4cjm5dDq/fz+6bze4czm3cjq3czq4cjm3dTi4cjm4cjm1cjy6cDq4czr////8+Pa7ekP37+n+/v3p1MLXr4/FjV/y5drhw6vMm3LOnnfgw6rWr47r18f+/fy5dT25dDzGjmC/gU7Ag1D48evx5NnI1yJPAAAALnRSTlMAviV1vfO7/gXXJ7x3EcKUkzOSBvSWuv25OxLxLLN01jV4MAQp2drFvzLy2CY0epLBAQAAAAlwSFlzAAALEwAACxMBAJqcGAAAAPpJREFUOMu9k9lawjAUhNOd0lYqdlNBNkFxaai7goIC7/9KqD05bUnycde56pz5+yVNJ4TUqqbr2EFgO25TGN/rKerqlIsboZWWZLUa1fzsOt2T4lXeV1JORyclIMTx8wIf/SLv4/rvX48fuI9jBHCB7xmlsxfmTJZfssnPA/3VZs08O48B+OyV/mubwUADwMnt6omCPpf5JAJgkts3iprnk1sAjOLj/9LCGQDcyIBzAMYywAbAlAEJAK4MuABAlQF37Ch1MYBHTYaxCCj9LNISAe1yYfQDhSEeVynd2yutXylt3B5xve50i9ycCm+GqkW2YfQSTa33wu4A9mdcs9MQ424AAAAASUVORK5CYII=';

/** The tray / menu-bar icon, at 16 pt (its 32 px bitmap serves as the @2x representation). */
export function trayIcon(): NativeImage {
  return nativeImage.createFromBuffer(Buffer.from(PNG, 'base64'), { scaleFactor: 2 });
}
