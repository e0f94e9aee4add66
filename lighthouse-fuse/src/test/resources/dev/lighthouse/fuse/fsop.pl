#!/usr/bin/perl
# One system call on a path, its result as pjdfstest's helper prints it: "0" (with what a stat or readlink found)
# or the errno's name, e.g. EROFS. Usage: fsop.pl OP ARGS...; flags as O_WRONLY|O_CREAT, modes in octal.
use strict;
use warnings;
use Errno;
use Fcntl ();
use POSIX ();

my ($op, @a) = @ARGV;
my $out = '';
my $ok;
if ($op eq 'open') {
    my $flags = 0;
    for my $f (split /\|/, $a[1]) {
        no strict 'refs';
        $flags |= &{"Fcntl::$f"}();
    }
    my $fd = POSIX::open($a[0], $flags, 0644);
    $ok = defined $fd;
    POSIX::close($fd) if $ok;
} elsif ($op eq 'unlink')   { $ok = unlink($a[0]);
} elsif ($op eq 'rmdir')    { $ok = rmdir($a[0]);
} elsif ($op eq 'mkdir')    { $ok = mkdir($a[0], oct($a[1]));
} elsif ($op eq 'rename')   { $ok = rename($a[0], $a[1]);
} elsif ($op eq 'link')     { $ok = link($a[0], $a[1]);
} elsif ($op eq 'symlink')  { $ok = symlink($a[0], $a[1]);
} elsif ($op eq 'chmod')    { $ok = chmod(oct($a[1]), $a[0]);
} elsif ($op eq 'chown')    { $ok = chown($a[1], $a[2], $a[0]);
} elsif ($op eq 'truncate') { $ok = truncate($a[0], $a[1]);
} elsif ($op eq 'utime')    { $ok = utime(undef, undef, $a[0]);
} elsif ($op eq 'mkfifo')   { $ok = POSIX::mkfifo($a[0], oct($a[1]));
} elsif ($op eq 'readlink') {
    my $target = readlink($a[0]);
    $ok = defined $target;
    $out = " $target" if $ok;
} elsif ($op eq 'stat' || $op eq 'lstat') {
    my @s = $op eq 'stat' ? stat($a[0]) : lstat($a[0]);
    $ok = @s > 0;
    $out = sprintf(' type=%s mode=0%o size=%d nlink=%d mtime=%d', type($s[2]), $s[2] & 07777, $s[7], $s[3], $s[9])
        if $ok;
} else {
    die "unknown op $op\n";
}
if ($ok) {
    print "0$out\n";
} else {
    my ($name) = grep { $!{$_} } keys %!;
    print(($name // "errno$!") . "\n");
}

sub type {
    my $mode = shift;
    return POSIX::S_ISREG($mode) ? 'regular' : POSIX::S_ISDIR($mode) ? 'directory' : (($mode & 0170000) == 0120000) ? 'symlink' : 'other';
}
