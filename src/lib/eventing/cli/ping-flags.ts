// `kn source ping create|update` flags and the data/encoding rule (knative/client ping/create.go):
// without --encoding, data that decodes as standard base64 is sent as dataBase64.
import { Flags } from '@oclif/core';
import { KnError } from '../../api/errors.js';
import { sinkFlag } from './trigger-flags.js';

/** Flags shared by ping create and update. */
export const pingFlags = {
  schedule: Flags.string({ description: 'Optional schedule specification in crontab format (e.g. \'*/2 * * * *\' for every two minutes. By default fire every minute.' }),
  data: Flags.string({ char: 'd', description: 'Json data to send' }),
  encoding: Flags.string({ char: 'e', description: 'Data encoding format. One of: text|base64' }),
  'ce-override': Flags.string({
    description: 'Cloud Event overrides to apply before sending event to sink. Example: \'--ce-override key=value\' You may be provide this flag multiple times. To unset, append "-" to the key (e.g. --ce-override key-).',
    multiple: true,
  }),
  ...sinkFlag,
};

// Go's base64.StdEncoding: padded, standard alphabet, length a multiple of 4.
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** spec.data / spec.dataBase64 for the given --data and --encoding; throws on a bad encoding. */
export function dataFields(data: string, encoding: string | undefined): { data?: string; dataBase64?: string } {
  switch (encoding ?? '') {
    case '':
      return STD_BASE64.test(data) ? { dataBase64: data } : { data };
    case 'text':
      return { data };
    case 'base64':
      if (!STD_BASE64.test(data)) throw new KnError(`illegal base64 data: ${data}`, 'BadRequest');
      return { dataBase64: data };
    default:
      throw new KnError(`invalid value: ${encoding}. Accepted values are: text|base64`, 'BadRequest');
  }
}
