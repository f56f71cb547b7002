FROM python:3.12
COPY <<EOF /c/build.rs
fn main() { std::process::Command::new("pip").args(["install", "flask"]).status().unwrap(); }
EOF
COPY <<EOF /r/rakelib/deps.rake
task :deps do
  sh "pip install flask"
end
EOF
COPY <<EOF /g/app/build.gradle
task deps(type: Exec) { commandLine 'pip', 'install', 'flask' }
EOF
COPY <<EOF /b/BUILD.bazel
genrule(name = "deps", outs = ["d"], cmd = "python3 -m pip install flask > $@")
EOF
COPY <<EOF /x.cmake
execute_process(COMMAND pip install flask)
EOF
RUN cd /c && cargo check
RUN cd /r && rake deps
RUN gradle -p /g build
RUN cd /b && bazel build //:deps
RUN ctest -S /x.cmake
RUN cmake -P /x.cmake
RUN cd /c && cargo fmt
RUN cd /b && bazel query //...
RUN cd / && mvn package
