package dev.sharedcontext.backup;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The last step of {@code backup}: the finished copy is put at its name, and a file that
 * appeared at that name after the command's first check (another backup, a user) is kept,
 * not replaced.
 */
class BackupPublishTests {

	@TempDir
	Path dir;

	@Test
	void theCopyTakesAFreeNameAndKeepsItsMode() throws Exception {
		Path partial = copy("the backup");
		Path target = this.dir.resolve("one.db");

		BackupCommand.publish(partial, target);

		assertThat(target).hasContent("the backup");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
		assertThat(partial).doesNotExist();
	}

	@Test
	void aFileThatAppearedAtTheNameMeanwhileIsNeverReplaced() throws Exception {
		Path partial = copy("the backup");
		Path target = Files.writeString(this.dir.resolve("one.db"), "written by someone else meanwhile");

		assertThatExceptionOfType(FileAlreadyExistsException.class)
			.isThrownBy(() -> BackupCommand.publish(partial, target));

		assertThat(target).hasContent("written by someone else meanwhile");
		assertThat(partial).as("left for the command to remove").hasContent("the backup");
	}

	private Path copy(String content) throws Exception {
		Path partial = Files.createFile(this.dir.resolve("one.db.partial"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		return Files.writeString(partial, content);
	}

}
