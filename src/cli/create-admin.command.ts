import { HttpException } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { UsersService } from '../identity/users.service.js';
import { withAppContext } from './app-context.js';
import { CliError, parseFlags, readLine, type Command } from './command.js';

/** A secretariat account with a password read from standard input (never from the command line). */
export const createAdmin: Command = {
  usage: 'create-admin --email E --name N   (password: one line on standard input)',
  summary: 'create a secretariat account',
  async run(args, config) {
    const { email, name } = parseFlags(args, ['email', 'name']);
    if (!email || email.length > 254 || !isEmail(email)) throw new CliError('--email must be a valid email address');
    if (!name || name.length > 200 || !/^[^\r\n\t<>]+$/.test(name)) throw new CliError('--name must be one line of 1 to 200 characters without < or >');
    if (process.stdin.isTTY) process.stderr.write('Password: ');
    const password = await readLine();
    if (!password) throw new CliError('no password on standard input');

    try {
      const user = await withAppContext(config, (app) => app.get(UsersService).createAdmin(email, name, password));
      process.stdout.write(`created secretariat account ${user.email} (${user.id})\n`);
      return 0;
    } catch (err) {
      // The service's refusals (weak password, duplicate email) are meant for the operator.
      if (err instanceof HttpException) throw new CliError(err.message);
      throw err;
    }
  },
};
