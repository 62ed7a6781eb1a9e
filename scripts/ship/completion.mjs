// bash completion for bondify, generated from the CLI's own --help texts (the commands listed by `bondify --help`,
// each command's flags from its usage lines), so a flag added to a command is offered without a second list.
import { execFileSync } from 'node:child_process';

const help = (argv, ...args) => execFileSync(argv[0], [...argv.slice(1), ...args, '--help'], { encoding: 'utf8' });

/** The usage block: from the first line up to the first blank line. */
const usageBlock = (text) => text.split('\n\n')[0] ?? '';

/** `argv` runs bondify, e.g. [process.execPath, 'dist/cli/main.js']. */
export function completionSpec(argv) {
  const top = help(argv);
  const commands = [...top.split('\ncommands:\n')[1].matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]);
  return commands.map((name) => {
    const usage = usageBlock(help(argv, name));
    const flags = [...new Set([...usage.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]))].sort();
    // A flag followed by an upper-case word takes a value; PATH/DIR values complete as files.
    const files = [...new Set([...usage.matchAll(/(--[a-z][a-z-]*)[ =](?:PATH|DIR)\b/g)].map((m) => m[1]))].sort();
    const subs = [...new Set([...usage.matchAll(new RegExp(`bondify ${name} ([a-z]+)`, 'g'))].map((m) => m[1]))].sort();
    return { name, flags: [...flags, '--help'], files, subs };
  });
}

export function completionScript(spec) {
  const cases = spec.map((c) =>
    [`    ${c.name})`, `      flags='${c.flags.join(' ')}'; subs='${c.subs.join(' ')}'; files='${c.files.join(' ')}' ;;`].join('\n'),
  );
  return `# bash completion for bondify(1); generated from bondify's --help texts by scripts/ship/completion.mjs.
_bondify() {
  local cur prev cmd flags subs files
  cur=\${COMP_WORDS[COMP_CWORD]}
  prev=\${COMP_WORDS[COMP_CWORD-1]}
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W '${spec.map((c) => c.name).join(' ')} --help' -- "$cur"))
    return
  fi
  cmd=\${COMP_WORDS[1]}
  case $cmd in
${cases.join('\n')}
    *) return ;;
  esac
  if [[ " $files " == *" $prev "* ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  elif [[ $COMP_CWORD -eq 2 && -n $subs && $cur != -* ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  fi
}
complete -F _bondify bondify
`;
}
