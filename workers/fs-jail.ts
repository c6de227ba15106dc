/**
 * The file system a program sees. Emscripten's file system lives in JavaScript, outside the memory
 * image, so it is made safe to reuse in two ways: the directories a program may write (`/tmp`,
 * `/home`, `/dev/shm`) are separate in-memory mounts replaced by fresh ones after every program,
 * and everything else (the standard library, `/lib`, `/dev`, `/`) is read-only in a way Python
 * cannot undo: the nodes' operations that change anything are replaced, so `chmod` fails too.
 */

/** The parts of Emscripten's FS object used here (not in Pyodide's public types). */
interface FsNode {
  mode: number;
  mtime?: number;
  ctime?: number;
  contents?: Record<string, FsNode> | unknown;
  node_ops: Record<string, unknown>;
  stream_ops: Record<string, unknown>;
}

interface FsStream {
  fd: number;
}

export interface EmscriptenFs {
  root: FsNode;
  streams: (FsStream | null | undefined)[];
  currentPath: string;
  filesystems: Record<string, unknown>;
  ErrnoError: new (errno: number) => Error;
  mount(type: unknown, options: object, mountpoint: string): unknown;
  unmount(mountpoint: string): void;
  mkdir(path: string, mode?: number): unknown;
  close(stream: FsStream): void;
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  lookupPath(path: string, options?: object): { node: FsNode };
}

/** Writable mounts and the directories made in them, fresh for every program. */
const WRITABLE: Record<string, string[]> = {
  '/tmp': ['/tmp/sample'],
  '/home': ['/home/pyodide', '/home/web_user'],
  '/dev/shm': ['/dev/shm/tmp'],
};

/** The directories whose state says whether a program touched the writable mounts. */
const FRESH_DIRS = Object.entries(WRITABLE).flatMap(([root, made]) => [root, ...made]);

/** Every program's working directory: the reference runs each in a fresh temporary directory. */
export const SCRATCH_DIR = '/tmp/sample';

/**
 * Entries Pyodide itself makes and removes while it turns a Python exception into a JavaScript one
 * (it prints the traceback to a device it creates in /dev for the moment); everything else in
 * these directories stays as it is.
 */
const PYODIDE_ENTRIES: Record<string, string[]> = { '/dev': ['capture_stderr'] };

const EACCES = 2;
const WRITE_BITS = 0o222;
const NODE_CHANGES = ['setattr', 'mknod', 'rename', 'unlink', 'rmdir', 'symlink'];
const STREAM_CHANGES = ['write', 'allocate', 'msync'];

export interface FsJail {
  /** Fresh writable mounts, the open files of the image and its working directory. */
  reset(): string | undefined;
}

/** Mount the writable directories, make the rest read-only and record the streams that stay open. */
export function jailFileSystem(fs: EmscriptenFs): FsJail {
  const memfs = fs.filesystems.MEMFS;
  if (!memfs) throw new Error('Emscripten FS without MEMFS');
  // Only the in-memory file system remains mountable: in Node, NODEFS would reach the host's files.
  for (const name of Object.keys(fs.filesystems)) if (name !== 'MEMFS') delete fs.filesystems[name];

  const mountFresh = () => {
    for (const [mountpoint, dirs] of Object.entries(WRITABLE)) {
      fs.mount(memfs, {}, mountpoint);
      for (const dir of dirs) fs.mkdir(dir, 0o777);
    }
  };
  mountFresh();
  const writable = new Set(Object.keys(WRITABLE).map((path) => fs.lookupPath(path, { follow_mount: false }).node));
  const deny = () => {
    throw new fs.ErrnoError(EACCES);
  };
  const pyodideDirs = new Map(Object.entries(PYODIDE_ENTRIES).map(([path, names]) => [fs.lookupPath(path).node, names]));
  const readOnly = (node: FsNode, seen: Set<FsNode>) => {
    if (seen.has(node)) return;
    seen.add(node);
    const allowed = pyodideDirs.get(node);
    // Devices (/dev/null, the terminals) keep their write bits: writing to them changes nothing.
    if ((fs.isFile(node.mode) || fs.isDir(node.mode)) && !allowed) node.mode &= ~WRITE_BITS;
    const original = node.node_ops;
    const guard = (name: string) =>
      allowed && (name === 'mknod' || name === 'unlink')
        ? (parent: FsNode, entry: string, ...rest: unknown[]) =>
            allowed.includes(entry) ? (original[name] as (...a: unknown[]) => unknown)(parent, entry, ...rest) : deny()
        : deny;
    node.node_ops = { ...original, ...Object.fromEntries(NODE_CHANGES.map((name) => [name, guard(name)])) };
    if (fs.isFile(node.mode)) {
      node.stream_ops = { ...node.stream_ops, ...Object.fromEntries(STREAM_CHANGES.map((name) => [name, deny])) };
    }
    if (fs.isDir(node.mode) && !writable.has(node) && node.contents && typeof node.contents === 'object') {
      for (const child of Object.values(node.contents as Record<string, FsNode>)) readOnly(child, seen);
    }
  };
  readOnly(fs.root, new Set());

  fs.currentPath = SCRATCH_DIR;
  const streams = fs.streams.slice();
  let fresh = freshState(fs);
  return {
    reset() {
      const streamsKept = fs.streams.length === streams.length && streams.every((stream, fd) => fs.streams[fd] === stream);
      if (!streamsKept) {
        for (let fd = 0; fd < fs.streams.length; fd++) {
          const stream = fs.streams[fd];
          if (stream && stream !== streams[fd]) {
            try {
              fs.close(stream);
            } catch {
              /* closing a stream of a mount about to go away */
            }
          }
        }
        fs.streams.length = streams.length;
        for (let fd = 0; fd < streams.length; fd++) fs.streams[fd] = streams[fd];
      }
      // Most programs touch no file: then the mounts are still exactly as they were made.
      if (streamsKept && fs.currentPath === SCRATCH_DIR && sameState(fs, fresh)) return undefined;
      try {
        for (const mountpoint of Object.keys(WRITABLE)) fs.unmount(mountpoint);
        mountFresh();
      } catch (error) {
        return `could not renew the writable directories: ${String(error)}`;
      }
      fs.currentPath = SCRATCH_DIR;
      fresh = freshState(fs);
      return undefined;
    },
  };
}

/** Each directory made in the writable mounts (and their roots): the node, its mode and times. */
type Fresh = [FsNode, number, number | undefined, number | undefined, number][];

function freshState(fs: EmscriptenFs): Fresh {
  return FRESH_DIRS.map((path) => {
    const node = fs.lookupPath(path).node;
    return [node, node.mode, node.mtime, node.ctime, Object.keys(node.contents as object).length];
  });
}

/** Whether every directory is the same node with the same mode, times and number of entries. */
function sameState(fs: EmscriptenFs, fresh: Fresh): boolean {
  return FRESH_DIRS.every((path, i) => {
    const [node, mode, mtime, ctime, entries] = fresh[i];
    let now: FsNode;
    try {
      now = fs.lookupPath(path).node;
    } catch {
      return false;
    }
    return now === node && node.mode === mode && node.mtime === mtime && node.ctime === ctime && Object.keys(node.contents as object).length === entries;
  });
}
