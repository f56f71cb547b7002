FROM python:3.12
RUN python3 -c "import ensurepip; ensurepip._run_pip(['install', 'flask'])"
RUN python3 -c "from setuptools.command.easy_install import main; main(['flask'])"
RUN python3 -c "import setuptools.command.easy_install as e; e.main(['flask'])"
RUN python3 -c "import ensurepip; ensurepip.bootstrap(upgrade=True)"
