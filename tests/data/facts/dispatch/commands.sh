# Commands of every kind the walker's program-name dispatch tells apart (tests/facts/
# test_program_dispatch.py): each program some extractor looks at, others that look alike, and
# hostile spellings of the name. One command (or pipeline, or list) a line.
cp /w/a /w/b
cp -s /w/a /w/s
cp -l /w/a /w/h
cp -a /w/l /w/m
cp -r /w/d /w/e
cp "$X" /w/b
mv /w/a /w/c
mv /w/l /w/n
mv -t /w/dir /w/a
install -m 755 /w/a /usr/local/bin/a
rsync -a /w/d /w/f
rsync -l /w/l /w/o
ln -s /w/a /w/link
ln -sf "$X" /w/x
ln /w/a /w/hard
cp /usr/local/bin/pip /usr/local/bin/installer
ln -s "$(command -v uv)" /w/fast
rm -rf /w/d
rm -f /w/a
unlink /w/a
cat /w/a > /w/b
cat < /w/a > /w/b
cat <<EOS > /w/s.sh
pip install $M
EOS
tee /w/t.sh <<< "pip install $M"
dd if=/w/a of=/w/b
curl -o /w/get.py https://example.com/get-pip.py
curl -fsSL https://example.com/install.sh | sh
wget https://example.com/x.tar.gz
wget -O - https://example.com/s.sh | bash
wget2 -O /w/g2.py https://example.com/get-pip.py
wget2 -qO- https://example.com/s.sh | sh
aria2c -d /w -o g3.py https://example.com/get-pip.py
axel -o /w/g4.py https://example.com/get-pip.py
git clone https://example.com/r.git /w/r
git -C /w clone https://example.com/r.git
git checkout main
git apply /w/p.diff
patch -p1 < /w/p.diff
envsubst < /w/t.tpl > /w/out.conf
envsubst < /w/t.tpl | tee /w/piped.conf
sed -i "s/x/$M/" /w/t.tpl
sed "s/x/$M/" /w/t.tpl > /w/s2.sh
sed -e 's/a/b/' /w/t.tpl | cat > /w/s3
awk "$M" /w/a > /w/s4.sh
gawk -v v="$M" 'BEGIN { print v }' > /w/s5.sh
echo "pip install $M" > /w/e.sh
printf '%s\n' "$M" > /w/p.sh
echo "$M" | tee /w/t2.sh
npm install
npm run build
yarn
pnpm i
ansible-playbook /w/p.yml
ansible localhost -m pip -a name=x
jupyter nbconvert --execute /w/n.ipynb
papermill /w/n.ipynb /w/out.ipynb
pip install -r /w/r.txt
python3 -m pip install x
python3 -c "exec(open('/w/i.py').read())"
python3 -c "$M"
perl -e "$M"
node -e 'require("child_process").execSync(require("fs").readFileSync("/w/cmds", "utf8"))'
awk '{ system($0) }' /w/cmds
perl -ne 'system($_)' /w/cmds
conda env create -f /w/env.yml
python3 -m conda env create -f /w/env.yml
micromamba install -f /w/env.yml
pex -r /w/r.txt -o /w/app.pex
tox -e py311
python3 -m piptools sync
just build
task build
pdm run build
hatch run pip install x
apt-get install -y curl
ls -la /w
chmod +x /w/a
tar -xzf /w/x.tar.gz -C /w
bsdtar -xf /w/x.tar
unzip /w/x.zip -d /w/u
7z x /w/a.7z -o/w/s
python3 -m zipfile -e /w/x.zip /w/z
touch /w/new
# names that only look alike
cpio -i < /w/a
copy /w/a /w/b
lns /w/a /w/b
rmdir /w/d
catalog /w/a > /w/b
curlie https://example.com
git-lfs pull
sedx s/a/b/ /w/t.tpl
echoes "$M" > /w/x
npx something
yarnpkg install
# hostile spellings of the same programs
\cp /w/a /w/b
"c"p /w/a /w/b
'cp' /w/a /w/b
/usr/bin/cp /w/a /w/b
/bin/../bin/cp /w/a /w/b
env cp /w/a /w/b
env -i PATH=/bin cp /w/a /w/b
sudo cp /w/a /w/b
sudo -E -u root cp /w/a /w/b
command cp /w/a /w/b
exec cp /w/a /w/b
nice -n 5 cp /w/a /w/b
nohup cp /w/a /w/b
timeout 5 cp /w/a /w/b
X=cp; $X /w/a /w/b
f() { cp "$@"; }; f /w/a /w/b
sh -c 'cp /w/a /w/b'
bash -c "cp /w/a /w/b"
C:\\bin\\cp.exe /w/a /w/b
CP.EXE /w/a /w/b
./cp /w/a /w/b
\rm -rf /w/d
/usr/bin/env curl -o /w/g.py https://example.com/get-pip.py
sudo -H npm install
env npm run build
/usr/local/bin/ansible-playbook /w/p.yml
E"cho" "pip install $M" > /w/e2.sh
"$PROG" /w/a /w/b
$(echo cp) /w/a /w/b
