/**
 * The answer to an operation of Adobe's specs that the Local sandbox does not emulate.
 *
 * Every documented operation has a route, so a client meets neither "No route" nor a 405 for a call
 * AEP serves; where emulating makes no sense locally (cloud storage credentials, deletion jobs,
 * computed attributes...), the route answers 501 in its family's error shape and says so.
 */
import { RequestError } from '../http/errors';

export function notEmulated(operation: string, why: string): RequestError {
  return new RequestError(501, `The Local sandbox does not emulate ${operation}: ${why}`);
}
