import SftpClient from "ssh2-sftp-client";

/** An ssh2-sftp-client whose default end/close/error listeners do not print to the console. */
export function quietSftpClient(name = "test"): SftpClient {
  return new SftpClient(name, {
    error: () => undefined,
    end: () => undefined,
    close: () => undefined,
  });
}
